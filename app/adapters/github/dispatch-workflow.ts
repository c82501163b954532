import { isStatus } from "./load-config.js";
import type { GitHub, RepoRef } from "./github-client.js";

/** What GitHub says about a dispatched run; GHES versions that predate run details say nothing. */
export interface DispatchedRun {
  runId: number | null;
  runUrl: string | null;
}

/**
 * Dispatches the envbranch workflow on `ref` with the spec as input, asking for the new run's
 * details. Older GitHub Enterprise Server versions reject `return_run_details`; then the dispatch
 * is repeated without it and the run is found later by the correlation id in its name.
 */
export async function dispatchWorkflow(
  octokit: GitHub,
  repo: RepoRef,
  input: { workflow: string; ref: string; inputs: Record<string, string> },
): Promise<DispatchedRun> {
  const params = { ...repo, workflow_id: input.workflow, ref: input.ref, inputs: input.inputs };
  try {
    const response = await octokit.request("POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches", {
      ...params,
      return_run_details: true,
    });
    const data = (response.data ?? {}) as { workflow_run_id?: number; html_url?: string };
    return { runId: data.workflow_run_id ?? null, runUrl: data.html_url ?? null };
  } catch (error) {
    if (!rejectsRunDetails(error)) throw error;
    await octokit.request("POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches", params);
    return { runId: null, runUrl: null };
  }
}

function rejectsRunDetails(error: unknown): boolean {
  return (isStatus(error, 422) || isStatus(error, 400)) && error instanceof Error && /return_run_details/.test(error.message);
}
