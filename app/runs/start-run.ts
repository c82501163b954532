import { createCheckRun, listKeyedCheckRuns, updateCheckRun } from "../adapters/github/check-runs.js";
import type { GitHub, RepoRef } from "../adapters/github/github-client.js";
import { checkRunName, duplicateDeliveryName, externalIdFor, RETRY_ACTION } from "../decisions/run-identity.js";
import { progressMarker, type RunProgress } from "../decisions/run-progress.js";
import { settleDelivery, type Delivery } from "../decisions/settle-delivery.js";
import { offersRetry } from "../decisions/decide-retry.js";
import { describe, StoppedRun } from "../errors/describe-error.js";
import { renderSpec } from "../spec/render-spec.js";
import { runCheckRun } from "../templates/run-check-run.js";
import { dispatchRun, type DispatchOutcome } from "./dispatch-run.js";
import { findHeadToRequeue } from "./requeue-newer-head.js";
import type { FollowUp, StartRunInput, StartRunOutcome } from "./run-request.js";

// Stages of a teardown through Azure: dispatching again after them would destroy from archived state.
const FALLBACK_STAGES: ReadonlySet<RunProgress["stage"]> = new Set(["fallback", "state-archived"]);

/**
 * Starts one run of the workflow for an environment, exactly once per (environment, commit,
 * action, push): the check run carrying that key is created before anything else, then the key's
 * check runs are listed once: an earlier delivery's run is resumed or left alone (settleDelivery), and
 * the check run's id seeds the correlation id, so a resumed delivery renders the same spec.
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

type Skipped = { kind: "skipped"; reason: string };

/** Where a run goes on: its check run, the progress it records and whether an earlier delivery began it. */
interface RunAt {
  checkRunId: number;
  progress: RunProgress;
  resumed: boolean;
}

async function startOnce(input: StartRunInput): Promise<Skipped | DispatchOutcome> {
  const { octokit, log, environment: env } = input;
  const repo = { owner: input.repository.owner, repo: input.repository.name };
  const name = checkRunName(env.githubEnvironment);
  const externalId = externalIdFor(env.slug, input.sha, input.action);
  const created = initialProgress(input);
  // Created before the key is looked up: the one listing after it both finds an earlier delivery's run and settles two at once.
  const checkRunId = await createCheckRun(octokit, repo, input.sha, name, externalId, {
    status: "in_progress",
    title: `Starting ${input.action} of ${env.githubEnvironment}`,
    summary: progressMarker(created),
  });
  const own: RunAt = { checkRunId, progress: created, resumed: false };
  // An explicit command starts its own run on purpose, whatever the key's other check runs say.
  if (input.force) return await carryOut(input, own);
  const delivery: Delivery = input.push ? { pushBefore: input.push.before } : {};
  const settled = await stopOnError(input, own, async () => settleDelivery(checkRunId, await listKeyedCheckRuns(octokit, repo, input.sha, name, externalId), delivery));
  if (settled.kind === "go-on") return await carryOut(input, own);
  if (settled.kind === "stand-down") {
    (settled.unreadable ? log.warn : log.info).call(log, { externalId, checkRunId }, `not dispatching again: ${settled.reason}`);
    return await standDown({ octokit, repo, name, own, reason: settled.reason });
  }
  log.info({ checkRunId: settled.checkRunId, stage: settled.progress.stage }, "resuming an interrupted run");
  try {
    return await carryOut(input, { checkRunId: settled.checkRunId, progress: settled.progress, resumed: true });
  } finally {
    // Only now: while it resumes, its own check run in progress is what makes a third delivery stand down.
    await standDown({ octokit, repo, name, own, reason: `it resumed check run ${settled.checkRunId}, which an earlier delivery left unfinished` });
  }
}

/** The run from its check run on: the spec (seeded by the check run's id), then the dispatch. */
async function carryOut(input: StartRunInput, at: RunAt): Promise<DispatchOutcome> {
  const repo = { owner: input.repository.owner, repo: input.repository.name };
  const spec = specFor(input, at.checkRunId);
  const progress = { ...at.progress, correlationId: spec.correlationId };
  if (FALLBACK_STAGES.has(progress.stage)) {
    return { kind: "dispatch-failed", checkRunId: at.checkRunId, spec, reason: "a teardown through Azure was under way", permanent: true, progress };
  }
  return await stopOnError(input, { ...at, progress }, () => dispatchRun({ ...input, repo, checkRunId: at.checkRunId, spec, progress, resumed: at.resumed }));
}

function specFor(input: StartRunInput, checkRunId: number) {
  return renderSpec({ ...input, nonce: String(checkRunId), followsBranch: input.push !== undefined });
}

/**
 * Not handled here: an error is raised as a StoppedRun, which the event's error path shows in the run's
 * check run with its progress marker kept, so a retry resumes rather than starting over or giving up.
 */
async function stopOnError<T>(input: StartRunInput, at: RunAt, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const env = input.environment;
    const retry = offersRetry({ ...input, applyOn: env.policy.applyOn });
    throw new StoppedRun(`starting ${input.action} failed`, at.checkRunId, {
      ...runCheckRun(specFor(input, at.checkRunId), at.progress),
      conclusion: "failure",
      title: `envbranch hit an error starting ${input.action} of ${env.githubEnvironment}`,
      summary: `${progressMarker(at.progress)}\n\n${describe(error)}\n\n${retry ? "Press **Retry** on this check run to resume it once the cause is fixed." : "Redeliver the webhook to resume it once the cause is fixed."}`,
      ...(retry ? { actions: [RETRY_ACTION] } : {}),
    }, { cause: error });
  }
}

/**
 * Completes the check run of a delivery that gave way to another one of the same push, saying why, and
 * renames it so it does not hide, as the newest of the environment's name, the run that goes on.
 */
async function standDown(input: { octokit: GitHub; repo: RepoRef; name: string; own: RunAt; reason: string }): Promise<Skipped> {
  const { before } = input.own.progress;
  await updateCheckRun(input.octokit, input.repo, input.own.checkRunId, {
    name: duplicateDeliveryName(input.name),
    conclusion: "neutral",
    title: "Duplicate delivery",
    summary: `${progressMarker({ stage: "stood-down", ...(before !== undefined ? { before } : {}) })}\n\nThis delivery stood down: ${input.reason}.`,
  });
  return { kind: "skipped", reason: input.reason };
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
