import type { DispatchedRun } from "./dispatch-workflow.js";
import type { GitHub, RepoRef } from "./github-client.js";

/** The run an earlier dispatch started, found by the correlation id its name carries, or null. */
export async function findDispatchedRun(octokit: GitHub, repo: RepoRef, input: { workflow: string; ref: string; correlationId: string }): Promise<DispatchedRun | null> {
  const response = await octokit.rest.actions.listWorkflowRuns({ ...repo, workflow_id: input.workflow, branch: input.ref, event: "workflow_dispatch", per_page: 50 });
  const run = response.data.workflow_runs.find((r) => (r.display_title ?? r.name ?? "").includes(`[${input.correlationId}]`));
  return run ? { runId: run.id, runUrl: run.html_url } : null;
}
