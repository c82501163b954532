import type { Context } from "probot";
import { checkRunName, externalIds, SETUP_CHECK_RUN } from "../decisions/run-identity.js";
import { eventLog } from "../logging/event-log.js";
import { closePullRequest } from "./close-pull-request.js";
import { planPullRequest } from "./plan-pull-request.js";
import { pullRequestEnvironment, pullRequestFacts } from "./pull-request-environment.js";
import type { SetTarget } from "./report-errors.js";

/**
 * A pull request into an environment branch. Opened, synchronised or reopened: plan its head against
 * the base environment (plan-pull-request). Closed: close-pull-request says what merging did.
 */
export async function handlePullRequest(context: Context<"pull_request">, setTarget: SetTarget): Promise<void> {
  const { payload } = context;
  const owner = payload.repository.owner?.login;
  if (!owner) return;
  const repository = { owner, name: payload.repository.name };
  const repo = { owner, repo: repository.name };
  const pr = pullRequestFacts(payload.pull_request);
  const log = eventLog(context, payload.repository.full_name);
  const closed = payload.action === "closed";
  // Retry on either failure plans the pull request again, as `/envbranch plan` would.
  if (!closed) setTarget({ octokit: context.octokit, repo, sha: pr.headSha, name: SETUP_CHECK_RUN, externalId: externalIds.pullRequest(pr.number, pr.headSha), retry: true });
  const target = await pullRequestEnvironment(context, repository, pr.baseRef);
  if (!target.ok) return log.debug({ pullRequest: pr.number }, `no plan: ${target.reason}`);
  const { config, environment } = target;
  const input = { octokit: context.octokit, log: eventLog(context, payload.repository.full_name, environment.githubEnvironment), config, environment, pr };
  if (closed) return closePullRequest({ ...input, repository: { ...repository, isOrganization: payload.repository.owner?.type === "Organization" } });
  setTarget({ octokit: context.octokit, repo, sha: pr.headSha, name: checkRunName(environment.githubEnvironment), externalId: externalIds.pullRequest(pr.number, pr.headSha), retry: true });
  await planPullRequest({ ...input, repository });
}
