import type { ActiveRunFacts } from "../../decisions/runs-in-progress.js";
import type { GitHub, RepoRef } from "./github-client.js";

/** The statuses of a run that has not finished and may hold, or soon take, a state lock. */
const ACTIVE_STATUSES = ["in_progress", "queued"] as const;

/** The workflow's runs GitHub reports in progress or queued, newest first per status (100 of each). */
export async function listActiveRuns(octokit: GitHub, repo: RepoRef, workflow: string): Promise<ActiveRunFacts[]> {
  const runs: ActiveRunFacts[] = [];
  for (const status of ACTIVE_STATUSES) {
    const response = await octokit.rest.actions.listWorkflowRuns({ ...repo, workflow_id: workflow, status, per_page: 100 });
    for (const run of response.data.workflow_runs) {
      runs.push({ id: run.id, displayTitle: run.display_title ?? run.name ?? "", status: run.status ?? status, url: run.html_url });
    }
  }
  return runs;
}
