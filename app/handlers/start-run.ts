import type { RepoConfig } from "../config/parse-config.js";
import type { Environment, Repository } from "../environment/derive-environment.js";
import { createCheckRun, findCheckRun, updateCheckRun } from "../adapters/github/check-runs.js";
import { createDeployment } from "../adapters/github/deployments.js";
import { dispatchWorkflow, type DispatchedRun } from "../adapters/github/dispatch-workflow.js";
import { findDeploymentByCorrelation } from "../adapters/github/find-deployment.js";
import type { GitHub, RepoRef } from "../adapters/github/github-client.js";
import { describe, ReportedError } from "./report-errors.js";
import { checkRunName, externalIdFor } from "../decisions/run-identity.js";
import { decideNextStep, progressMarker, type RunProgress } from "../decisions/run-progress.js";
import { explainDispatchFailure } from "../decisions/explain-dispatch-failure.js";
import type { Log } from "../logging/event-log.js";
import { renderSpec, serializeSpec } from "../spec/render-spec.js";
import type { Action, Spec } from "../spec/spec-schema.js";
import { dispatchFailedCheckRun, runCheckRun } from "../templates/run-check-run.js";

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
  /** Offer an "Apply this plan" button on the check run once the plan succeeds. */
  offerApply?: boolean;
  /** Who pushed the commit, recorded for the button's self-approval rule. */
  author?: string;
  /** Start a new run even when one for this environment, commit and action exists (explicit commands). */
  force?: boolean;
  /** For an approved apply: the plan run whose saved plan is applied, exactly. */
  savedPlan?: { runId: number; artifact: string };
}

export type StartRunOutcome =
  | { kind: "skipped"; reason: string }
  | { kind: "dispatched"; checkRunId: number; spec: Spec; run: DispatchedRun }
  | { kind: "dispatch-failed"; checkRunId: number; spec: Spec; reason: string; progress: RunProgress };

// Stages of a teardown through Azure: dispatching again after them would destroy from archived state.
const FALLBACK_STAGES: ReadonlySet<RunProgress["stage"]> = new Set(["fallback", "state-archived"]);

// Only runs that change what the environment runs get a GitHub deployment.
const DEPLOYING_ACTIONS: ReadonlySet<Action> = new Set(["apply", "deploy"]);

/**
 * Starts one run of the workflow for an environment, exactly once per (environment, commit,
 * action): the check run carrying that key is looked up first and is created before anything
 * else, and its id seeds the correlation id, so a resumed delivery renders the same spec.
 */
export async function startRun(input: StartRunInput): Promise<StartRunOutcome> {
  const { octokit, log, environment: env } = input;
  const repo = { owner: input.repository.owner, repo: input.repository.name };
  const name = checkRunName(env.githubEnvironment);
  const externalId = externalIdFor(env.slug, input.sha, input.action);

  const existing = await findCheckRun(octokit, repo, input.sha, name, externalId);
  const next = input.force && existing && decideNextStep(existing).kind === "skip" ? ({ kind: "start" } as const) : decideNextStep(existing);
  if (next.kind === "skip") {
    log.info({ externalId }, `not dispatching again: ${next.reason}`);
    return { kind: "skipped", reason: next.reason };
  }
  let progress: RunProgress =
    next.kind === "resume"
      ? next.progress
      : {
          stage: "created",
          ...(input.pullRequest ? { pullRequest: input.pullRequest } : {}),
          ...(input.offerApply ? { offerApply: true } : {}),
          ...(input.author ? { author: input.author } : {}),
        };
  const checkRunId =
    next.kind === "resume"
      ? next.checkRunId
      : await createCheckRun(octokit, repo, input.sha, name, externalId, {
          status: "in_progress",
          title: `Starting ${input.action} of ${env.githubEnvironment}`,
          summary: progressMarker(progress),
        });
  if (next.kind === "resume") log.info({ checkRunId, stage: progress.stage }, "resuming an interrupted run");

  const spec = renderSpec({ ...input, nonce: String(checkRunId) });
  progress = { ...progress, correlationId: spec.correlationId };
  if (FALLBACK_STAGES.has(progress.stage)) {
    return { kind: "dispatch-failed", checkRunId, spec, reason: "a teardown through Azure was under way", progress };
  }
  try {
    return await dispatchOnce({ ...input, repo, checkRunId, spec, progress, resumed: next.kind === "resume" });
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

async function dispatchOnce(
  input: StartRunInput & { repo: RepoRef; checkRunId: number; spec: Spec; progress: RunProgress; resumed: boolean },
): Promise<StartRunOutcome> {
  const { octokit, log, repo, checkRunId, spec, environment: env } = input;
  let progress = input.progress;
  if (DEPLOYING_ACTIONS.has(input.action) && progress.deploymentId === undefined) {
    const deploymentId =
      (input.resumed
        ? await findDeploymentByCorrelation(octokit, repo, { sha: input.sha, environment: env.githubEnvironment, correlationId: spec.correlationId })
        : null) ??
      (await createDeployment(octokit, repo, {
        sha: input.sha,
        environment: env.githubEnvironment,
        payload: { branch: env.branch, correlationId: spec.correlationId, action: input.action },
        description: `envbranch ${input.action} of ${env.branch}`,
      }));
    progress = { ...progress, deploymentId };
  }

  let run: DispatchedRun;
  try {
    run = await dispatchWorkflow(octokit, repo, {
      workflow: input.config.workflow,
      ref: input.dispatchRef,
      inputs: { spec: serializeSpec(spec), correlation_id: spec.correlationId },
    });
  } catch (error) {
    const { reason, hint } = explainDispatchFailure(error, input.config.workflow, input.dispatchRef);
    log.warn({ err: error, checkRunId }, `could not dispatch ${input.action}: ${reason}`);
    await updateCheckRun(octokit, repo, checkRunId, dispatchFailedCheckRun(spec, reason, hint, progress));
    return { kind: "dispatch-failed", checkRunId, spec, reason, progress: { ...progress, stage: "dispatch-failed" } };
  }
  progress = { ...progress, stage: "dispatched" };
  const note = run.runUrl ? `Workflow run: ${run.runUrl}` : "The workflow run will be linked here when it reports back.";
  await updateCheckRun(octokit, repo, checkRunId, { ...runCheckRun(spec, progress, note), ...(run.runUrl ? { detailsUrl: run.runUrl } : {}) });
  log.info({ checkRunId, correlationId: spec.correlationId, runId: run.runId }, `dispatched ${input.action}`);
  return { kind: "dispatched", checkRunId, spec, run };
}
