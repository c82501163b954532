import { repoPermission } from "../adapters/github/actor-access.js";
import type { GitHub } from "../adapters/github/github-client.js";
import { CONFIG_PATH } from "../adapters/github/load-config.js";
import { readDefaultBranchTree } from "../adapters/github/repository-tree.js";
import { commitFiles, resetBranch } from "../adapters/github/setup-branch.js";
import { listBranchPulls } from "../adapters/github/setup-pulls.js";
import { authorizeSetup } from "../commands/authorize-command.js";
import { decideSetupAgain, SETUP_BRANCH } from "../decisions/decide-onboarding.js";
import type { Repository } from "../environment/derive-environment.js";
import type { Log } from "../logging/event-log.js";
import { proposeSetup } from "./propose-setup.js";

/** Who asked for `/envbranch setup`, where. */
export interface SetupAgainRequest {
  octokit: GitHub;
  log: Log;
  repository: Repository;
  actor: { login: string; type: string };
  botLogin: string;
}

/**
 * `/envbranch setup`: generates the setup from the default branch again, points `envbranch/setup`
 * at it whatever the branch held, and refreshes the open onboarding pull request or opens a new one.
 * Returns the reply.
 */
export async function startSetupAgain(request: SetupAgainRequest): Promise<string> {
  const { octokit, repository, actor } = request;
  const repo = { owner: repository.owner, repo: repository.name };
  const who = authorizeSetup({ ...actor, permission: await repoPermission(octokit, repo, actor.login) });
  if (!who.allowed) return who.reason;
  const tree = await readDefaultBranchTree(octokit, repo);
  const pulls = await listBranchPulls(octokit, repo, SETUP_BRANCH, request.botLogin);
  const decision = decideSetupAgain({ hasConfig: CONFIG_PATH in tree.blobs, pulls });
  if (decision.kind === "configured") return `This repository has \`${CONFIG_PATH}\` on \`${tree.branch}\` already: there is nothing to set up. \`npx envbranch init --dry-run\` shows what envbranch would generate now.`;
  const proposal = await proposeSetup(octokit, repo, tree, actor.login);
  const sha = await commitFiles(octokit, repo, { branch: SETUP_BRANCH, files: proposal.files, parent: tree, message: proposal.message });
  await resetBranch(octokit, repo, SETUP_BRANCH, sha);
  request.log.info({ decision: decision.kind, sha }, "setup started again");
  if (decision.kind === "refresh") {
    await octokit.rest.pulls.update({ ...repo, pull_number: decision.number, body: proposal.body });
    return `Generated the setup again from \`${tree.branch}\`: #${decision.number} has it.`;
  }
  const { data: pull } = await octokit.rest.pulls.create({ ...repo, head: SETUP_BRANCH, base: tree.branch, title: proposal.title, body: proposal.body });
  return `Generated the setup from \`${tree.branch}\` and opened #${pull.number}.`;
}
