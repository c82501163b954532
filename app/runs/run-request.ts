import type { DispatchedRun } from "../adapters/github/dispatch-workflow.js";
import type { GitHub } from "../adapters/github/github-client.js";
import type { RepoConfig } from "../config/parse-config.js";
import type { RunProgress } from "../decisions/run-progress.js";
import type { Environment, Repository } from "../environment/derive-environment.js";
import type { Log } from "../logging/event-log.js";
import type { Action, SavedPlanRef, Spec } from "../spec/spec-schema.js";

/** One run the runs service is asked to start. */
export interface StartRunInput {
  octokit: GitHub;
  log: Log;
  repository: Repository;
  config: RepoConfig;
  environment: Environment;
  action: Action;
  /** The commit the run is about: the pushed head, or the last deployed commit for a destroy. */
  sha: string;
  /** The ref the workflow is dispatched on: the environment branch, or the default branch for a destroy. */
  dispatchRef: string;
  /** The pull request the run plans or applies, whose sticky comment follows it. */
  pullRequest?: number;
  /** For an approved apply: the saved plan that is applied, exactly. */
  savedPlan?: SavedPlanRef;
  /** For unlock: free the lease only while this lock holds it. */
  unlockLockId?: string;
  /** For restore: the snapshot of the state to restore. */
  restoreVersion?: string;
  /** Offer an "Apply this plan" button on the check run once the plan succeeds. */
  offerApply?: boolean;
  /** Who pushed the commit, recorded for the button's self-approval rule. */
  author?: string;
  /** A run of a push: it follows the branch, so a newer commit supersedes it (see requeue-newer-head). */
  push?: { before: string };
  /** Start a new run even when one for this environment, commit and action exists (explicit commands). */
  force?: boolean;
}

/**
 * What became of a push's dispatched run once GitHub said where it queued it: nothing to do (queued at
 * its own commit, or not a push), a newer commit queued after it anyway, the newer commit started again
 * (with that start's own outcome), or the check could not be made. Reported apart from the dispatch,
 * which stands whatever happens here.
 */
export type FollowUp =
  | { kind: "none" }
  | { kind: "newer-queued-after"; head: string }
  | { kind: "requeued"; head: string; outcome: StartRunOutcome }
  | { kind: "failed"; error: Error };

/** What the runs service did with a request. */
export type StartRunOutcome =
  | { kind: "skipped"; reason: string }
  | { kind: "dispatched"; checkRunId: number; spec: Spec; run: DispatchedRun; followUp: FollowUp }
  | { kind: "dispatch-failed"; checkRunId: number; spec: Spec; reason: string; permanent: boolean; progress: RunProgress };
