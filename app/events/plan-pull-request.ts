import { createCheckRun } from "../adapters/github/check-runs.js";
import type { GitHub } from "../adapters/github/github-client.js";
import { upsertStickyComment } from "../adapters/github/sticky-comment.js";
import type { RepoConfig } from "../config/parse-config.js";
import { checkRunName, externalIds } from "../decisions/run-identity.js";
import type { Environment, Repository } from "../environment/derive-environment.js";
import type { Log } from "../logging/event-log.js";
import { GITHUB_TEXT_LIMIT } from "../plan/render-summary.js";
import { startRun } from "../runs/start-run.js";
import { pendingCommentBody } from "../templates/pending-comment.js";
import type { PullRequestFacts } from "./pull-request-environment.js";

/**
 * An opened, synchronised or reopened pull request into an environment branch: plan its head
 * against the base environment and say so in the sticky comment. Pull requests from forks are never planned.
 */
export async function planPullRequest(input: { octokit: GitHub; log: Log; repository: Repository; config: RepoConfig; environment: Environment; pr: PullRequestFacts }): Promise<void> {
  const { octokit, log, environment, pr } = input;
  const repo = { owner: input.repository.owner, repo: input.repository.name };
  if (pr.fromFork) {
    log.warn({ pullRequest: pr.number }, "pull request from a fork; not planned");
    await createCheckRun(octokit, repo, pr.headSha, checkRunName(environment.githubEnvironment), externalIds.fork(pr.number, pr.headSha), {
      conclusion: "neutral",
      title: "Pull requests from forks are not planned",
      summary: `Planning runs the pull request's Terraform with ${environment.githubEnvironment}'s Azure identity, so envbranch never plans or applies code from a fork. Push the branch to this repository to plan it.`,
    });
    return;
  }
  // The workflow definition comes from the environment branch, the code from the head commit:
  // the run's OIDC subject is the environment's, and a pull request cannot rewrite the workflow.
  const outcome = await startRun({ octokit, log, repository: input.repository, config: input.config, environment, action: "plan", sha: pr.headSha, dispatchRef: pr.baseRef, pullRequest: pr.number });
  if (outcome.kind !== "dispatched") return;
  await upsertStickyComment(octokit, repo, pr.number, environment.githubEnvironment, (previous) =>
    pendingCommentBody("plan", environment.githubEnvironment, pr.headSha, previous, GITHUB_TEXT_LIMIT - 100),
    // The plan is under way and its check run shows it; a missing "running" note is not worth failing it.
  ).catch((error: unknown) => log.error({ err: error }, "could not write the pending plan comment"));
}
