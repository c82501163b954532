import { updateCheckRun } from "../adapters/github/check-runs.js";
import { createDeployment } from "../adapters/github/deployments.js";
import { dispatchWorkflow, type DispatchedRun } from "../adapters/github/dispatch-workflow.js";
import { findDeploymentByCorrelation } from "../adapters/github/find-deployment.js";
import { findDispatchedRun } from "../adapters/github/find-dispatched-run.js";
import type { RepoRef } from "../adapters/github/github-client.js";
import { offersRetry } from "../decisions/decide-retry.js";
import { RETRY_ACTION } from "../decisions/run-identity.js";
import { explainDispatchFailure } from "../decisions/explain-dispatch-failure.js";
import type { RunProgress } from "../decisions/run-progress.js";
import { serializeSpec } from "../spec/render-spec.js";
import type { Action, Spec } from "../spec/spec-schema.js";
import { dispatchFailedCheckRun, runCheckRun } from "../templates/run-check-run.js";
import type { StartRunInput } from "./run-request.js";

// Only runs that change what the environment runs get a GitHub deployment.
const DEPLOYING_ACTIONS: ReadonlySet<Action> = new Set(["apply", "deploy"]);

export type DispatchRunInput = StartRunInput & { repo: RepoRef; checkRunId: number; spec: Spec; progress: RunProgress; resumed: boolean };

/** What the dispatch step ends in; a push's follow-up is the service's, after it. */
export type DispatchOutcome =
  | { kind: "dispatched"; checkRunId: number; spec: Spec; run: DispatchedRun }
  | { kind: "dispatch-failed"; checkRunId: number; spec: Spec; reason: string; permanent: boolean; progress: RunProgress };

/** The steps after the check run: the deployment (once), the dispatch, and the check run's update. */
export async function dispatchRun(input: DispatchRunInput): Promise<DispatchOutcome> {
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
    // A delivery that stopped between the dispatch and recording it must not dispatch twice.
    const earlier = input.resumed ? await findDispatchedRun(octokit, repo, { workflow: input.config.workflow, ref: input.dispatchRef, correlationId: spec.correlationId }) : null;
    run = earlier ?? await dispatchWorkflow(octokit, repo, {
      workflow: input.config.workflow,
      ref: input.dispatchRef,
      inputs: { spec: serializeSpec(spec), correlation_id: spec.correlationId },
    });
  } catch (error) {
    const { reason, hint, permanent } = explainDispatchFailure(error, input.config.workflow, input.dispatchRef);
    log.warn({ err: error, checkRunId }, `could not dispatch ${input.action}: ${reason}`);
    // A passing fault: the Retry button starts it again (authorised as what started it was).
    const retry = !permanent && offersRetry({ ...input, applyOn: env.policy.applyOn });
    const how = permanent ? hint : `${hint} ${retry ? "Press **Retry** on this check run." : "Redeliver the webhook from the app's advanced settings."}`;
    await updateCheckRun(octokit, repo, checkRunId, { ...dispatchFailedCheckRun(spec, reason, how, progress), ...(retry ? { actions: [RETRY_ACTION] } : {}) });
    return { kind: "dispatch-failed", checkRunId, spec, reason, permanent, progress: { ...progress, stage: "dispatch-failed" } };
  }
  progress = { ...progress, stage: "dispatched", ...(run.runId !== null ? { runId: run.runId } : {}) };
  const note = run.runUrl ? `Workflow run: ${run.runUrl}` : "The workflow run will be linked here when it reports back.";
  await updateCheckRun(octokit, repo, checkRunId, { ...runCheckRun(spec, progress, note), ...(run.runUrl ? { detailsUrl: run.runUrl } : {}) });
  log.info({ checkRunId, correlationId: spec.correlationId, runId: run.runId }, `dispatched ${input.action}`);
  return { kind: "dispatched", checkRunId, spec, run };
}
