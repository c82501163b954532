import { listNamedCheckRuns } from "../adapters/github/check-runs.js";
import type { RepoRef } from "../adapters/github/github-client.js";
import { listBranchesWithPrefix } from "../adapters/github/list-branches.js";
import { checkRunName } from "../decisions/run-identity.js";
import { mustRequeueHead, readProgress } from "../decisions/run-progress.js";
import type { StartRunInput } from "./run-request.js";

/** Where a push's dispatched run stands in its environment's queue, and the start that fixes the order if it must. */
export type QueueOrder = { kind: "in-order" } | { kind: "newer-queued-after"; head: string } | { kind: "requeue"; head: string; request: StartRunInput };

/**
 * Keeps the newest commit last in the environment's queue. GitHub runs an environment's runs in the
 * order it queued them; a delivery of an older push can have its run queued after a newer one's.
 * Read again after the dispatch, the branch tells: still at our commit, the run was queued at it (a
 * branch moved away and back in between sent a push of its own, whose run is dispatched after ours);
 * at a newer commit whose run was queued before ours, the newer commit must be dispatched again, so it
 * is the last to run. (Ours then finds itself superseded and changes nothing.) The read carries the
 * head check's ETag, so when no environment branch moved it is a 304, which the rate limit does not
 * count. Only reads: the caller starts the run.
 */
export async function findHeadToRequeue(input: StartRunInput & { repo: RepoRef; runId: number }): Promise<QueueOrder> {
  const { octokit, repo, log, environment: env } = input;
  const live = await listBranchesWithPrefix(octokit, repo, input.config.branchPrefix);
  const head = live.find((b) => b.name === input.dispatchRef)?.sha;
  // A deleted branch has no commit to run last: its delete event tears the environment down.
  if (head === undefined || head === input.sha) return { kind: "in-order" };
  const headRuns = await listNamedCheckRuns(octokit, repo, head, checkRunName(env.githubEnvironment));
  if (!mustRequeueHead(input.runId, headRuns)) {
    log.info({ head }, "a newer commit is queued after this run; it will be applied last");
    return { kind: "newer-queued-after", head };
  }
  log.info({ head }, "this run was queued after the newer commit's run: dispatching the newer commit again");
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
    sha: head,
    dispatchRef: input.dispatchRef,
    push: { before },
    force: true,
    ...(input.author ? { author: input.author } : {}),
  };
  return { kind: "requeue", head, request };
}
