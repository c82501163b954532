import type { Log } from "../logging/event-log.js";
import { createCheckRun, updateCheckRun } from "../adapters/github/check-runs.js";
import type { GitHub, RepoRef } from "../adapters/github/github-client.js";
import { describe, ReportedError } from "../errors/describe-error.js";

/** Where an unexpected failure of a delivery is shown: a check run, existing or new, on a commit. */
export interface FailureTarget {
  octokit: GitHub;
  repo: RepoRef;
  sha: string;
  name: string;
  externalId: string;
  checkRunId?: number;
}

/**
 * The one place a handler's unexpected error ends up: logged with its cause chain and, where a
 * commit is known, shown on it as a failed check run. It never throws, so the process never crashes
 * and GitHub gets its answer; the delivery can be redelivered once the cause is fixed.
 */
export async function reportErrors(log: Log, work: (setTarget: (t: FailureTarget) => void) => Promise<void>): Promise<void> {
  let target: FailureTarget | undefined;
  try {
    await work((t) => {
      target = t;
    });
  } catch (error) {
    log.error({ err: error }, `envbranch failed: ${describe(error)}`);
    if (!target || error instanceof ReportedError) return;
    const content = {
      conclusion: "failure" as const,
      title: "envbranch hit an error",
      summary: `Nothing more was done for this commit: ${describe(error)}\n\nRedeliver the webhook or push again once the cause is fixed.`,
    };
    try {
      if (target.checkRunId !== undefined) await updateCheckRun(target.octokit, target.repo, target.checkRunId, content);
      else await createCheckRun(target.octokit, target.repo, target.sha, target.name, target.externalId, content);
    } catch (reportError) {
      log.error({ err: reportError }, "could not report the failure in a check run either");
    }
  }
}
