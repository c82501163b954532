import type { Context } from "probot";
import { CONFIG_PATH, readRawConfig } from "../adapters/github/load-config.js";
import { ownWriter } from "../adapters/github/own-writes.js";
import { readDefaultBranchTree } from "../adapters/github/repository-tree.js";
import { listBranchPulls } from "../adapters/github/setup-pulls.js";
import { openSetupPull, SETUP_BRANCH } from "../decisions/decide-onboarding.js";
import { decideSetupBody } from "../decisions/decide-setup-body.js";
import { eventLog } from "../logging/event-log.js";
import type { PushPayload } from "../webhooks/push-payload.js";
import { proposeSetup } from "./propose-setup.js";

/**
 * A push to `envbranch/setup`: when someone edited the config there, the app's open onboarding pull
 * request's body is rendered again from the config at the pushed commit, and written only if it
 * changed. The example environment becomes the pusher's.
 */
export async function followSetupConfig(context: Context<"push">, push: PushPayload): Promise<void> {
  const { octokit } = context;
  const repo = { owner: push.repository.owner.login, repo: push.repository.name };
  const log = eventLog(context, push.repository.full_name);
  const { botLogin } = await ownWriter(octokit);
  const decision = decideSetupBody({ sender: push.sender.login, commits: push.commits, configPath: CONFIG_PATH }, botLogin);
  if (!decision.follow) return log.info(`onboarding pull request left as it is: ${decision.reason}`);
  const pull = openSetupPull(await listBranchPulls(octokit, repo, SETUP_BRANCH, botLogin));
  if (!pull) return log.info(`no open onboarding pull request of the app's from ${SETUP_BRANCH}: nothing to update`);
  const [branchConfig, tree] = await Promise.all([readRawConfig(octokit, repo, push.after), readDefaultBranchTree(octokit, repo)]);
  const { body } = await proposeSetup(octokit, repo, tree, push.sender.login, branchConfig);
  if (body === pull.body) return log.info({ pull: pull.number }, "the onboarding pull request's body already follows the config");
  await octokit.rest.pulls.update({ ...repo, pull_number: pull.number, body });
  log.info({ pull: pull.number, sha: push.after }, `the onboarding pull request's body follows ${CONFIG_PATH} as pushed`);
}
