import type { RepoConfig } from "../config/parse-config.js";
import type { Environment, Repository } from "../environment/derive-environment.js";
import { createCheckRun, listKeyedCheckRuns, updateCheckRun } from "../adapters/github/check-runs.js";
import type { DispatchedRun } from "../adapters/github/dispatch-workflow.js";
import type { GitHub, RepoRef } from "../adapters/github/github-client.js";
import { checkRunName, externalIdFor } from "../decisions/run-identity.js";
import { progressMarker, type RunProgress } from "../decisions/run-progress.js";
import { decideNextStep, standDownFor, type Delivery } from "../decisions/settle-delivery.js";
import type { Log } from "../logging/event-log.js";
import { renderSpec } from "../spec/render-spec.js";
import type { Action, SavedPlanRef, Spec } from "../spec/spec-schema.js";
import { runCheckRun } from "../templates/run-check-run.js";
import { dispatchRun } from "./dispatch-run.js";
import { describe, ReportedError } from "./report-errors.js";

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
  /** Offer an "Apply this plan" button on the check run once the plan succeeds. */
  offerApply?: boolean;
  /** Who pushed the commit, recorded for the button's self-approval rule. */
  author?: string;
  /** A run of a push: it follows the branch, so a newer commit supersedes it (see dispatch-run). */
  push?: { before: string };
  /** Start a new run even when one for this environment, commit and action exists (explicit commands). */
  force?: boolean;
}

export type StartRunOutcome =
  | { kind: "skipped"; reason: string }
  | { kind: "dispatched"; checkRunId: number; spec: Spec; run: DispatchedRun }
  | { kind: "dispatch-failed"; checkRunId: number; spec: Spec; reason: string; permanent: boolean; progress: RunProgress };

// Stages of a teardown through Azure: dispatching again after them would destroy from archived state.
const FALLBACK_STAGES: ReadonlySet<RunProgress["stage"]> = new Set(["fallback", "state-archived"]);

/**
 * Starts one run of the workflow for an environment, exactly once per (environment, commit,
 * action, push): the check run carrying that key is looked up first and created before anything
 * else, deliveries that each created one settle on the lowest id, and the check run's id seeds
 * the correlation id, so a resumed delivery renders the same spec.
 */
export async function startRun(input: StartRunInput): Promise<StartRunOutcome> {
  const { octokit, log, environment: env } = input;
  const repo = { owner: input.repository.owner, repo: input.repository.name };
  const name = checkRunName(env.githubEnvironment);
  const externalId = externalIdFor(env.slug, input.sha, input.action);
  const delivery: Delivery = { force: input.force ?? false, ...(input.push ? { pushBefore: input.push.before } : {}) };

  const next = decideNextStep(await listKeyedCheckRuns(octokit, repo, input.sha, name, externalId), delivery);
  if (next.kind === "skip") {
    (next.unreadable ? log.warn : log.info).call(log, { externalId }, `not dispatching again: ${next.reason}`);
    return { kind: "skipped", reason: next.reason };
  }
  let progress: RunProgress = next.kind === "resume" ? next.progress : initialProgress(input);
  let checkRunId: number;
  if (next.kind === "resume") {
    checkRunId = next.checkRunId;
    log.info({ checkRunId, stage: progress.stage }, "resuming an interrupted run");
  } else {
    checkRunId = await createCheckRun(octokit, repo, input.sha, name, externalId, {
      status: "in_progress",
      title: `Starting ${input.action} of ${env.githubEnvironment}`,
      summary: progressMarker(progress),
    });
  }

  const spec = renderSpec({ ...input, nonce: String(checkRunId), followsBranch: input.push !== undefined });
  progress = { ...progress, correlationId: spec.correlationId };
  if (FALLBACK_STAGES.has(progress.stage)) {
    return { kind: "dispatch-failed", checkRunId, spec, reason: "a teardown through Azure was under way", permanent: true, progress };
  }
  try {
    // An explicit command starts its own run on purpose; only deliveries that found no run settle.
    if (next.kind === "start" && !delivery.force) {
      const { runs } = await listKeyedCheckRuns(octokit, repo, input.sha, name, externalId);
      const winner = standDownFor(checkRunId, runs, delivery);
      if (winner !== null) return await standDown({ octokit, log, repo, checkRunId, winner, progress });
    }
    return await dispatchRun({ ...input, repo, checkRunId, spec, progress, resumed: next.kind === "resume" });
  } catch (error) {
    // Keep the progress marker, so the next delivery resumes rather than starting over or giving up.
    await updateCheckRun(octokit, repo, checkRunId, {
      ...runCheckRun(spec, progress),
      conclusion: "failure",
      title: `envbranch hit an error starting ${input.action} of ${env.githubEnvironment}`,
      summary: `${progressMarker(progress)}\n\n${describe(error)}\n\nRedeliver the webhook or push again to retry.`,
    }).catch((reportError: unknown) => log.error({ err: reportError }, "could not report the failure in the check run"));
    throw new ReportedError(`starting ${input.action} failed`, { cause: error });
  }
}

/** Completes the check run of a delivery that lost to another one of the same push, saying which. */
async function standDown(input: { octokit: GitHub; log: Log; repo: RepoRef; checkRunId: number; winner: number; progress: RunProgress }): Promise<StartRunOutcome> {
  const { before } = input.progress;
  await updateCheckRun(input.octokit, input.repo, input.checkRunId, {
    conclusion: "neutral",
    title: "Duplicate delivery",
    summary: `${progressMarker({ stage: "stood-down", ...(before !== undefined ? { before } : {}) })}\n\nAnother delivery of the same push created check run ${input.winner} first and starts the run there; this one stood down.`,
  });
  input.log.info({ checkRunId: input.checkRunId, winner: input.winner }, "another delivery of this push created its check run first; standing down");
  return { kind: "skipped", reason: `another delivery is starting this run (check run ${input.winner})` };
}

function initialProgress(input: StartRunInput): RunProgress {
  return {
    stage: "created",
    ...(input.pullRequest ? { pullRequest: input.pullRequest } : {}),
    ...(input.offerApply ? { offerApply: true } : {}),
    ...(input.author ? { author: input.author } : {}),
    ...(input.push ? { before: input.push.before } : {}),
  };
}
