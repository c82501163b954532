import { createCheckRun, listKeyedCheckRuns, updateCheckRun } from "../adapters/github/check-runs.js";
import type { GitHub, RepoRef } from "../adapters/github/github-client.js";
import { checkRunName, externalIdFor, RETRY_ACTION } from "../decisions/run-identity.js";
import { progressMarker, type RunProgress } from "../decisions/run-progress.js";
import { decideNextStep, standDownFor, type Delivery } from "../decisions/settle-delivery.js";
import { offersRetry } from "../decisions/decide-retry.js";
import { describe, StoppedRun } from "../errors/describe-error.js";
import type { Log } from "../logging/event-log.js";
import { renderSpec } from "../spec/render-spec.js";
import { runCheckRun } from "../templates/run-check-run.js";
import { dispatchRun, type DispatchOutcome } from "./dispatch-run.js";
import { findHeadToRequeue } from "./requeue-newer-head.js";
import type { FollowUp, StartRunInput, StartRunOutcome } from "./run-request.js";

// Stages of a teardown through Azure: dispatching again after them would destroy from archived state.
const FALLBACK_STAGES: ReadonlySet<RunProgress["stage"]> = new Set(["fallback", "state-archived"]);

/**
 * Starts one run of the workflow for an environment, exactly once per (environment, commit,
 * action, push): the check run carrying that key is looked up first and created before anything
 * else, deliveries that each created one settle on the lowest id, and the check run's id seeds
 * the correlation id, so a resumed delivery renders the same spec.
 */
export async function startRun(input: StartRunInput): Promise<StartRunOutcome> {
  const started = await startOnce(input);
  if (started.kind !== "dispatched") return started;
  const runId = started.run.runId;
  return { ...started, followUp: input.push && runId !== null ? await followUp(input, runId) : { kind: "none" } };
}

/**
 * A push's run, once dispatched, checks where GitHub queued it and starts the newer head again when
 * it must (that start checks its own run the same way). It runs after the dispatch is recorded and
 * outside its error path: whatever happens here, the dispatched run's check run stays as it is.
 */
async function followUp(input: StartRunInput, runId: number): Promise<FollowUp> {
  try {
    const order = await findHeadToRequeue({ ...input, repo: { owner: input.repository.owner, repo: input.repository.name }, runId });
    if (order.kind === "in-order") return { kind: "none" };
    if (order.kind === "newer-queued-after") return order;
    return { kind: "requeued", head: order.head, outcome: await startRun(order.request) };
  } catch (error) {
    return { kind: "failed", error: new Error("could not check that the newest commit runs last", { cause: error }) };
  }
}

async function startOnce(input: StartRunInput): Promise<{ kind: "skipped"; reason: string } | DispatchOutcome> {
  const { octokit, log, environment: env } = input;
  const repo = { owner: input.repository.owner, repo: input.repository.name };
  const name = checkRunName(env.githubEnvironment);
  const externalId = externalIdFor(env.slug, input.sha, input.action);
  const delivery: Delivery = { force: input.force ?? false, ...(input.push ? { pushBefore: input.push.before } : {}) };

  // An explicit command starts its own run whatever the key's check runs say, so it does not read them.
  const lookup = delivery.force ? { runs: [], answeredAt: null } : await listKeyedCheckRuns(octokit, repo, input.sha, name, externalId);
  const next = decideNextStep(lookup, delivery);
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
    // Not handled here: the event's error path shows it in this check run, progress marker kept, so a
    // retry resumes rather than starting over or giving up.
    const retry = offersRetry({ ...input, applyOn: env.policy.applyOn });
    throw new StoppedRun(`starting ${input.action} failed`, checkRunId, {
      ...runCheckRun(spec, progress),
      conclusion: "failure",
      title: `envbranch hit an error starting ${input.action} of ${env.githubEnvironment}`,
      summary: `${progressMarker(progress)}\n\n${describe(error)}\n\n${retry ? "Press **Retry** on this check run to resume it once the cause is fixed." : "Redeliver the webhook to resume it once the cause is fixed."}`,
      ...(retry ? { actions: [RETRY_ACTION] } : {}),
    }, { cause: error });
  }
}

/** Completes the check run of a delivery that lost to another one of the same push, saying which. */
async function standDown(input: { octokit: GitHub; log: Log; repo: RepoRef; checkRunId: number; winner: number; progress: RunProgress }): Promise<{ kind: "skipped"; reason: string }> {
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
    ...(input.unlockLockId ? { lockId: input.unlockLockId } : {}),
    ...(input.push ? { before: input.push.before } : {}),
  };
}
