import type { Log } from "../logging/event-log.js";
import { createCheckRun, updateCheckRun, type CheckRunContent } from "../adapters/github/check-runs.js";
import { reply } from "../adapters/github/comment-replies.js";
import type { GitHub, RepoRef } from "../adapters/github/github-client.js";
import { RETRY_ACTION } from "../decisions/run-identity.js";
import { describe, stoppedRunOf } from "../errors/describe-error.js";

/** A failed check run, existing or new, on a commit; `retry` gives it the Retry button. */
export interface CheckRunTarget {
  octokit: GitHub;
  repo: RepoRef;
  sha: string;
  name: string;
  externalId: string;
  checkRunId?: number;
  retry?: boolean;
  /** The progress marker that opens a new failed check run's summary: what its Retry needs to redo the work. */
  marker?: string;
}

/** A reply to whoever is waiting in a pull request's conversation for an answer. */
export interface ReplyTarget {
  octokit: GitHub;
  repo: RepoRef;
  issue: number;
  login: string;
}

/** Where an unexpected failure of a delivery is shown. */
export type FailureTarget = CheckRunTarget | ReplyTarget;

/** How a handler says, as it learns more, where a failure from then on is shown. */
export type SetTarget = (target: FailureTarget) => void;

/**
 * The one place an event's unexpected error ends up (app/index.ts runs every handler in it): logged
 * with its cause chain; shown in the check run of the run it stopped (StoppedRun), and in the
 * handler's target, a failed check run or a reply. It never throws, so the process never crashes
 * and GitHub gets its answer.
 */
export async function reportErrors(log: Log, work: (setTarget: SetTarget) => Promise<void>): Promise<void> {
  let target: FailureTarget | undefined;
  try {
    await work((t) => {
      target = t;
    });
  } catch (error) {
    log.error({ err: error }, `envbranch failed: ${describe(error)}`);
    const stopped = stoppedRunOf(error);
    const shown = [
      stopped && target ? updateCheckRun(target.octokit, target.repo, stopped.checkRunId, stopped.content) : null,
      target && "issue" in target ? replyFailure(target, error, stopped !== null) : null,
      target && "sha" in target && !stopped ? showFailure(target, error) : null,
    ];
    for (const write of shown) await write?.catch((reportError: unknown) => log.error({ err: reportError }, "could not report the failure either"));
  }
}

function showFailure(target: CheckRunTarget, error: unknown): Promise<unknown> {
  const content: CheckRunContent = {
    conclusion: "failure",
    title: "envbranch hit an error",
    summary: `${target.marker ? `${target.marker}\n\n` : ""}Nothing more was done for this commit: ${describe(error)}\n\n${target.retry ? "Press **Retry** on this check run once the cause is fixed." : "Redeliver the webhook or push again once the cause is fixed."}`,
    ...(target.retry ? { actions: [RETRY_ACTION] } : {}),
  };
  if (target.checkRunId !== undefined) return updateCheckRun(target.octokit, target.repo, target.checkRunId, content);
  return createCheckRun(target.octokit, target.repo, target.sha, target.name, target.externalId, content);
}

function replyFailure(target: ReplyTarget, error: unknown, runStopped: boolean): Promise<void> {
  const retry = runStopped ? "Press **Retry** on the run's check run, or comment the command again," : "Comment the command again";
  return reply(target.octokit, target.repo, target.issue, `@${target.login} envbranch hit an error: ${describe(error)}. ${retry} to retry.`);
}
