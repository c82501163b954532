import type { Action } from "../spec/spec-schema.js";
import { parsePullRequestKey, parseRunKey, parseSetupKey, parseTeardownKey } from "./run-identity.js";
import { readProgress } from "./run-progress.js";

/**
 * Whether a run's check run offers Retry when an error stops it. Every run does whose start a press
 * can authorise again as it was first authorised; an apply on merge was authorised by the reviews of
 * a pull request that is closed now, which no press can stand for.
 */
export function offersRetry(run: { action: Action; pullRequest?: number; applyOn: "comment" | "merge" }): boolean {
  return !(run.action === "apply" && run.pullRequest !== undefined && run.applyOn === "merge");
}

/** What a press of Retry does again, read from the check run pressed; each is authorised as what it retries. */
export type RetryWork =
  /** A push an error stopped before its run existed: handled again, the run it comes to authorised as a push. */
  | { kind: "push-again"; branch: string; sha: string; before: string; author: string }
  /** A push's run: authorised as a push (anyone who may plan the environment). */
  | { kind: "push"; slug: string; sha: string; action: Action; before: string; author: string }
  /** The apply an "Apply this plan" press started on a push's plan: authorised as that press. */
  | { kind: "pushed-apply"; slug: string; sha: string; author: string }
  /** A pull request's plan, or a command on it: authorised as `/envbranch <command>` on it. */
  | { kind: "pull-request"; number: number; sha: string; command: "plan" | "apply" | "unlock"; lockId?: string }
  /** The destroy of a deleted branch's environment: authorised as deleting the branch. */
  | { kind: "destroy"; slug: string; sha: string };

/** The work a Retry press on a check run (its `external_id` and summary) does again, or null when it offers none. */
export function decideRetry(externalId: string, summary: string): RetryWork | null {
  const pullRequest = parsePullRequestKey(externalId);
  if (pullRequest) return { kind: "pull-request", ...pullRequest, command: "plan" };
  const teardown = parseTeardownKey(externalId);
  if (teardown) return { kind: "destroy", ...teardown };
  const progress = readProgress(summary);
  const setup = parseSetupKey(externalId);
  if (setup) return progress?.branch !== undefined && progress.before !== undefined ? { kind: "push-again", sha: setup.sha, branch: progress.branch, before: progress.before, author: progress.author ?? "" } : null;
  const key = parseRunKey(externalId);
  if (!key || !progress) return null;
  if (key.action === "destroy") return { kind: "destroy", slug: key.slug, sha: key.sha };
  if (progress.pullRequest !== undefined) {
    if (key.action !== "plan" && key.action !== "apply" && key.action !== "unlock") return null;
    return { kind: "pull-request", number: progress.pullRequest, sha: key.sha, command: key.action, ...(progress.lockId ? { lockId: progress.lockId } : {}) };
  }
  if (progress.before !== undefined) return { kind: "push", slug: key.slug, sha: key.sha, action: key.action, before: progress.before, author: progress.author ?? "" };
  // Without its pusher on record, a press could not tell a self-approval: no retry.
  return key.action === "apply" && progress.author ? { kind: "pushed-apply", slug: key.slug, sha: key.sha, author: progress.author } : null;
}
