import type { Context } from "probot";
import { checkRunName, externalIds, SETUP_CHECK_RUN } from "../decisions/run-identity.js";
import { createCheckRun } from "../adapters/github/check-runs.js";
import { findStickyComment, upsertStickyComment, writeStickyComment } from "../adapters/github/sticky-comment.js";
import { eventLog } from "../logging/event-log.js";
import { GITHUB_TEXT_LIMIT } from "../plan/render-summary.js";
import { pendingCommentBody } from "../templates/pending-comment.js";
import { applyOnMerge } from "./apply-on-merge.js";
import { pullRequestEnvironment, pullRequestFacts } from "./pull-request-environment.js";
import { reportErrors } from "./report-errors.js";
import { startRun } from "../runs/start-run.js";

/**
 * A pull request into an environment branch. Opened, synchronised or reopened: plan its head against
 * the base environment. Closed: nothing is applied; merged with `applyOn: merge` after an authorised
 * approval, the merge commit is applied (apply-on-merge). Plans of pull requests from forks are never run.
 */
export async function handlePullRequest(context: Context<"pull_request">): Promise<void> {
  const { payload } = context;
  const owner = payload.repository.owner?.login;
  if (!owner) return;
  const repository = { owner, name: payload.repository.name };
  const repo = { owner, repo: repository.name };
  const pr = pullRequestFacts(payload.pull_request);
  const log = eventLog(context, payload.repository.full_name);

  await reportErrors(log, async (setTarget) => {
    if (payload.action !== "closed") setTarget({ octokit: context.octokit, repo, sha: pr.headSha, name: SETUP_CHECK_RUN, externalId: externalIds.setup(pr.headSha) });
    const target = await pullRequestEnvironment(context, repository, pr.baseRef);
    if (!target.ok) {
      log.debug({ pullRequest: pr.number }, `no plan: ${target.reason}`);
      return;
    }
    const { config, environment } = target;
    const envLog = eventLog(context, payload.repository.full_name, environment.githubEnvironment);
    if (payload.action === "closed") {
      if (pr.merged && environment.policy.approval === "required" && environment.policy.applyOn === "merge") {
        const isOrganization = payload.repository.owner?.type === "Organization";
        const outcome = await applyOnMerge({ octokit: context.octokit, log: envLog, repository: { ...repository, isOrganization }, config, environment, pr });
        const note = "refused" in outcome ? `Merged, but nothing was applied: ${outcome.refused}.` : `Merged: applying the merge commit \`${pr.mergeCommitSha?.slice(0, 7)}\` to \`${environment.githubEnvironment}\`.`;
        await appendToSticky(context, repo, pr.number, environment.githubEnvironment, note);
        return;
      }
      if (!pr.merged) await appendToSticky(context, repo, pr.number, environment.githubEnvironment, "This pull request was closed without merging: nothing was applied, and its saved plans can no longer be applied.");
      envLog.info({ pullRequest: pr.number, merged: pr.merged }, "pull request closed; its saved plans are void");
      return;
    }
    const name = checkRunName(environment.githubEnvironment);
    setTarget({ octokit: context.octokit, repo, sha: pr.headSha, name, externalId: externalIds.pullRequest(pr.number, pr.headSha) });
    if (pr.fromFork) {
      envLog.warn({ pullRequest: pr.number }, "pull request from a fork; not planned");
      await createCheckRun(context.octokit, repo, pr.headSha, name, externalIds.fork(pr.number, pr.headSha), {
        conclusion: "neutral",
        title: "Pull requests from forks are not planned",
        summary: `Planning runs the pull request's Terraform with ${environment.githubEnvironment}'s Azure identity, so envbranch never plans or applies code from a fork. Push the branch to this repository to plan it.`,
      });
      return;
    }
    const outcome = await startRun({
      octokit: context.octokit,
      log: envLog,
      repository,
      config,
      environment,
      action: "plan",
      sha: pr.headSha,
      // The workflow definition comes from the environment branch, the code from the head commit:
      // the run's OIDC subject is the environment's, and a pull request cannot rewrite the workflow.
      dispatchRef: pr.baseRef,
      pullRequest: pr.number,
    });
    if (outcome.kind === "dispatched") {
      await upsertStickyComment(context.octokit, repo, pr.number, environment.githubEnvironment, (previous) =>
        pendingCommentBody("plan", environment.githubEnvironment, pr.headSha, previous, GITHUB_TEXT_LIMIT - 100),
        // The plan is under way and its check run shows it; a missing "running" note is not worth failing it.
      ).catch((error: unknown) => envLog.error({ err: error }, "could not write the pending plan comment"));
    }
  });
}

async function appendToSticky(context: Context<"pull_request">, repo: { owner: string; repo: string }, pullRequest: number, environment: string, note: string): Promise<void> {
  const existing = await findStickyComment(context.octokit, repo, pullRequest, environment);
  if (!existing || existing.body.includes(note)) return;
  const body = existing.body.replace(/^<!-- envbranch-plan: [^\n]*-->\n/, "");
  await writeStickyComment(context.octokit, repo, pullRequest, environment, existing, `${body}\n\n---\n${note}`);
}
