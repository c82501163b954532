import { listNamedCheckRuns } from "../adapters/github/check-runs.js";
import type { RepoRef } from "../adapters/github/github-client.js";
import { workflowRunHeadSha } from "../adapters/github/workflow-run-head.js";
import { checkRunName } from "../decisions/run-identity.js";
import { mustRequeueHead, readProgress } from "../decisions/run-progress.js";
import type { StartRunInput } from "./run-request.js";

/** Where a push's dispatched run stands in its environment's queue, and the start that fixes the order if it must. */
export type QueueOrder = { kind: "in-order" } | { kind: "newer-queued-after"; head: string } | { kind: "requeue"; head: string; request: StartRunInput };

/**
 * Keeps the newest commit last in the environment's queue. GitHub runs an environment's runs in the
 * order it queued them; a delivery of an older push can have its run queued after a newer one's.
 * The run's `head_sha` says where the branch stood when GitHub queued it: if that is a newer commit
 * whose run was queued before ours, the newer commit must be dispatched again, so it is the last to
 * run. (Ours then finds itself superseded and changes nothing.) Only reads: the caller starts the run.
 */
export async function findHeadToRequeue(input: StartRunInput & { repo: RepoRef; runId: number }): Promise<QueueOrder> {
  const { octokit, repo, log, environment: env } = input;
  const queuedAt = await workflowRunHeadSha(octokit, repo, input.runId);
  if (queuedAt === input.sha) return { kind: "in-order" };
  const headRuns = await listNamedCheckRuns(octokit, repo, queuedAt, checkRunName(env.githubEnvironment));
  if (!mustRequeueHead(input.runId, headRuns)) {
    log.info({ head: queuedAt }, "a newer commit is queued after this run; it will be applied last");
    return { kind: "newer-queued-after", head: queuedAt };
  }
  log.info({ head: queuedAt }, "this run was queued after the newer commit's run: dispatching the newer commit again");
  const before = headRuns.map((r) => readProgress(r.summary)?.before).find((b) => b !== undefined) ?? input.sha;
  const action = env.policy.approval === "required" ? "plan" : "apply";
  const request: StartRunInput = {
    octokit,
    log,
    repository: input.repository,
    config: input.config,
    environment: env,
    action,
    offerApply: action === "plan",
    sha: queuedAt,
    dispatchRef: input.dispatchRef,
    push: { before },
    force: true,
    ...(input.author ? { author: input.author } : {}),
  };
  return { kind: "requeue", head: queuedAt, request };
}
