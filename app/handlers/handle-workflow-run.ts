import type { Context } from "probot";
import { getCheckRun, updateCheckRun } from "../adapters/github/check-runs.js";
import { deactivateEnvironment, setDeploymentStatus } from "../adapters/github/deployment-statuses.js";
import { downloadRunArtifact } from "../adapters/github/run-artifact.js";
import { upsertStickyComment } from "../adapters/github/sticky-comment.js";
import type { AppDeps } from "../app-deps.js";
import { matchWorkflowRun } from "../decisions/match-workflow-run.js";
import { readProgress, type RunProgress } from "../decisions/run-progress.js";
import { eventLog, type Log } from "../logging/event-log.js";
import { summarizePlanBytes } from "../plan/summarize-plan.js";
import { parseResult, type RunResult } from "../runner/result-schema.js";
import { GITHUB_TEXT_LIMIT } from "../plan/render-summary.js";
import { resultCheckRun, stickyCommentBody, type FinishedRun } from "../templates/result-report.js";
import { reportErrors } from "./report-errors.js";

// Room left around the plan summary for the check run's or comment's own lines.
const SUMMARY_BUDGET = 56_000;

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
  if (!match.ok) {
    log.debug({ runId: run.id }, `not an envbranch run: ${match.reason}`);
    return;
  }

  await reportErrors(log, async () => {
    const checkRun = await getCheckRun(context.octokit, repo, match.checkRunId);
    const progress = checkRun ? readProgress(checkRun.summary) : null;
    if (!checkRun || !progress || progress.correlationId !== match.correlationId) {
      log.warn({ runId: run.id, correlationId: match.correlationId }, "no check run of this app carries the run's correlation id; result ignored");
      return;
    }
    const environment = checkRun.name.replace(/^envbranch: /, "");
    const envLog = eventLog(context, payload.repository.full_name, environment);
    if (progress.stage === "completed" && progress.runId === run.id) {
      envLog.info({ runId: run.id }, "result already reported");
      return;
    }
    const artifact = `envbranch-${match.correlationId}`;
    const { result, plan } = await readRunResult(context, repo, run.id, artifact, run.html_url, envLog);
    const finished: FinishedRun = {
      action: match.action,
      environment,
      sha: checkRun.headSha,
      runUrl: run.html_url,
      conclusion: run.conclusion,
      result,
      plan,
      offerApply: match.action === "plan" && progress.offerApply === true && result?.status === "succeeded" && (result.changes?.hasChanges ?? false),
    };
    const completed: RunProgress = { ...progress, stage: "completed", runId: run.id, artifact, outcome: result?.status ?? "no-result" };
    const content = resultCheckRun(finished, completed);
    await updateCheckRun(context.octokit, repo, checkRun.id, content);
    await reportDeployment(context, repo, finished, progress);
    if (progress.pullRequest !== undefined) {
      await upsertStickyComment(context.octokit, repo, progress.pullRequest, environment, (previous) => stickyCommentBody(finished, content, previous, GITHUB_TEXT_LIMIT - 100));
    }
    envLog.info({ runId: run.id, outcome: completed.outcome, checkRunId: checkRun.id }, `reported ${match.action} result`);
  });
}

async function readRunResult(
  context: Context<"workflow_run">,
  repo: { owner: string; repo: string },
  runId: number,
  artifact: string,
  runUrl: string,
  log: Log,
): Promise<{ result: RunResult | null; plan: { title: string; markdown: string } | null }> {
  const files = await downloadRunArtifact(context.octokit, repo, runId, artifact);
  const resultBytes = files?.["result.json"];
  if (!files || !resultBytes) {
    log.warn({ runId, artifact }, "the run left no result");
    return { result: null, plan: null };
  }
  let result: RunResult;
  try {
    result = parseResult(new TextDecoder().decode(resultBytes));
  } catch (error) {
    log.warn({ err: error, runId }, "the run's result file is unreadable");
    return { result: null, plan: null };
  }
  const planBytes = result.files.planJson ? files[result.files.planJson] : undefined;
  const summary = planBytes ? summarizePlanBytes(planBytes, { budget: SUMMARY_BUDGET, fullPlan: `[\`plan.json\` in the run's artifact \`${artifact}\`](${runUrl})` }) : null;
  return { result, plan: summary ? { title: summary.title, markdown: summary.markdown } : null };
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
