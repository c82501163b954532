import type { Context } from "probot";
import { environmentOfCheckRun, resultArtifactName } from "../decisions/run-identity.js";
import { getCheckRun, updateCheckRun } from "../adapters/github/check-runs.js";
import { deactivateEnvironment, setDeploymentStatus } from "../adapters/github/deployment-statuses.js";
import { downloadRunArtifact } from "../adapters/github/run-artifact.js";
import { upsertStickyComment } from "../adapters/github/sticky-comment.js";
import type { AppDeps } from "../app-deps.js";
import { decideRunReport } from "../decisions/decide-run-report.js";
import { matchWorkflowRun } from "../decisions/match-workflow-run.js";
import { readProgress, type RunProgress } from "../decisions/run-progress.js";
import { eventLog, type Log } from "../logging/event-log.js";
import { stateKeyFor } from "../environment/derive-environment.js";
import { parseResult, type RunResult } from "../runner/result-schema.js";
import { RESULT_FILE } from "../runner/write-result.js";
import { GITHUB_TEXT_LIMIT } from "../plan/render-summary.js";
import { resultCheckRun, stickyCommentBody, type FinishedRun } from "../templates/result-report.js";

/**
 * A finished workflow run: when it is one the app dispatched, read its result artifact back and
 * bring it to where people look: the check run, the deployment status, the pull request's comment.
 */
export async function handleWorkflowRun(context: Context<"workflow_run">, deps: AppDeps): Promise<void> {
  const { payload } = context;
  const owner = payload.repository.owner?.login;
  if (payload.action !== "completed" || !owner) return;
  const repo = { owner, repo: payload.repository.name };
  const run = payload.workflow_run;
  const log = eventLog(context, payload.repository.full_name);
  const match = matchWorkflowRun({ displayTitle: run.display_title ?? "", event: run.event, triggeringActor: run.triggering_actor?.login ?? null }, await deps.botLogin());
  if (!match.ok) return log.debug({ runId: run.id }, `not an envbranch run: ${match.reason}`);

  const checkRun = await getCheckRun(context.octokit, repo, match.checkRunId);
  const progress = checkRun ? readProgress(checkRun.summary) : null;
  if (!checkRun || !progress || progress.correlationId !== match.correlationId) {
    return log.warn({ runId: run.id, correlationId: match.correlationId }, "no check run of this app carries the run's correlation id; result ignored");
  }
  const environment = environmentOfCheckRun(checkRun.name) ?? checkRun.name;
  const envLog = eventLog(context, payload.repository.full_name, environment);
  if (progress.stage === "completed" && progress.runId === run.id) return envLog.info({ runId: run.id }, "result already reported");
  const { result, problem } = await readRunResult(context, repo, run.id, resultArtifactName(match.correlationId), envLog);
  const stateKey = stateKeyFor({ owner, name: payload.repository.name }, match.slug);
  const runFacts = { id: run.id, url: run.html_url, conclusion: run.conclusion };
  const { finished, completed } = decideRunReport({ match, run: runFacts, environment, sha: checkRun.headSha, progress, stateKey, result, ...(problem ? { problem } : {}) });
  const content = resultCheckRun(finished, completed);
  await updateCheckRun(context.octokit, repo, checkRun.id, content);
  await reportDeployment(context, repo, finished, progress);
  if (progress.pullRequest !== undefined) {
    await upsertStickyComment(context.octokit, repo, progress.pullRequest, environment, (previous) => stickyCommentBody(finished, content, previous, GITHUB_TEXT_LIMIT - 100));
  }
  envLog.info({ runId: run.id, outcome: completed.outcome, checkRunId: checkRun.id }, `reported ${match.action} result`);
}

async function readRunResult(
  context: Context<"workflow_run">,
  repo: { owner: string; repo: string },
  runId: number,
  artifact: string,
  log: Log,
): Promise<{ result: RunResult | null; problem?: string }> {
  const fetched = await downloadRunArtifact(context.octokit, repo, runId, artifact, [RESULT_FILE]);
  if (fetched.kind === "refused") {
    log.warn({ runId, artifact, problem: fetched.problem }, "the run's artifact was refused");
    return { result: null, problem: `Its artifact was refused unread: ${fetched.problem}.` };
  }
  const resultBytes = fetched.kind === "found" ? fetched.files[RESULT_FILE] : undefined;
  if (!resultBytes) {
    log.warn({ runId, artifact }, "the run left no result");
    return { result: null };
  }
  try {
    return { result: parseResult(new TextDecoder().decode(resultBytes)) };
  } catch (error) {
    log.warn({ err: error, runId }, "the run's result file is unreadable");
    return { result: null, problem: `Its ${RESULT_FILE} is not a result this app reads: ${(error as Error).message}.` };
  }
}

async function reportDeployment(context: Context<"workflow_run">, repo: { owner: string; repo: string }, run: FinishedRun, progress: RunProgress): Promise<void> {
  const succeeded = run.result?.status === "succeeded";
  if (run.action === "destroy" && succeeded) {
    await deactivateEnvironment(context.octokit, repo, run.environment, "environment destroyed by envbranch");
    return;
  }
  if (progress.deploymentId === undefined) return;
  const url = run.result?.outputs.url;
  const superseded = run.result?.status === "superseded";
  // A cancelled run may have changed part of the environment: never "success", and said as cancelled.
  const cancelled = run.result?.status === "cancelled" || (run.result === null && run.conclusion === "cancelled");
  await setDeploymentStatus(context.octokit, repo, progress.deploymentId, {
    state: succeeded ? "success" : superseded ? "inactive" : cancelled ? "error" : "failure",
    description: succeeded ? `${run.action} succeeded` : superseded ? "superseded by a newer commit" : cancelled ? `${run.action} cancelled` : `${run.action} failed`,
    logUrl: run.runUrl,
    ...(succeeded && typeof url === "string" && /^https?:\/\//.test(url) ? { environmentUrl: url } : {}),
  });
}
