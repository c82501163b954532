import type { GitHub, RepoRef } from "./github-client.js";

/** The commit a workflow run was queued at: for a dispatch on a branch, that branch's head at that moment. */
export async function workflowRunHeadSha(octokit: GitHub, repo: RepoRef, runId: number): Promise<string> {
  const response = await octokit.rest.actions.getWorkflowRun({ ...repo, run_id: runId });
  return response.data.head_sha;
}
