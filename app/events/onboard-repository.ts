import { CONFIG_PATH } from "../adapters/github/load-config.js";
import type { GitHub } from "../adapters/github/github-client.js";
import { branchExists, readDefaultBranchTree } from "../adapters/github/repository-tree.js";
import { commitFiles, createBranch } from "../adapters/github/setup-branch.js";
import { listBranchPulls } from "../adapters/github/setup-pulls.js";
import { decideOnboarding, SETUP_BRANCH } from "../decisions/decide-onboarding.js";
import type { Repository } from "../environment/derive-environment.js";
import type { Log } from "../logging/event-log.js";
import { proposeSetup } from "./propose-setup.js";

/** Who and what one repository's onboarding acts for. */
export interface OnboardingRequest {
  octokit: GitHub;
  log: Log;
  repository: Repository;
  botLogin: string;
  /** The login of whoever installed the app: the example environment branch is theirs. */
  person: string;
}

/** Opens the onboarding pull request of one repository the app was installed on, unless decideOnboarding says not. */
export async function onboardRepository(request: OnboardingRequest): Promise<void> {
  const { octokit, log, repository } = request;
  const repo = { owner: repository.owner, repo: repository.name };
  const pulls = await listBranchPulls(octokit, repo, SETUP_BRANCH, request.botLogin);
  const setupBranch = await branchExists(octokit, repo, SETUP_BRANCH);
  const tree = await readDefaultBranchTree(octokit, repo);
  const decision = decideOnboarding({ hasConfig: CONFIG_PATH in tree.blobs, setupBranch, pulls });
  if (decision.kind === "skip") return log.info({ reason: decision.reason }, `no onboarding pull request: ${decision.reason}`);
  const proposal = await proposeSetup(octokit, repo, tree, request.person);
  const sha = await commitFiles(octokit, repo, { branch: SETUP_BRANCH, files: proposal.files, parent: tree, message: proposal.message });
  // A delivery racing this one created the branch first: that one opens the pull request.
  if (!(await createBranch(octokit, repo, SETUP_BRANCH, sha))) return log.info(`no onboarding pull request: ${SETUP_BRANCH} was created meanwhile`);
  const { data: pull } = await octokit.rest.pulls.create({ ...repo, head: SETUP_BRANCH, base: tree.branch, title: proposal.title, body: proposal.body });
  log.info({ pull: pull.number, truncatedTree: tree.truncated }, "opened the onboarding pull request");
}
