import { unzipSync } from "fflate";
import type { GitHub, RepoRef } from "./github-client.js";

/** The files of a run's artifact by name, or null when the run uploaded no such artifact. */
export async function downloadRunArtifact(octokit: GitHub, repo: RepoRef, runId: number, name: string): Promise<Record<string, Uint8Array> | null> {
  const listed = await octokit.rest.actions.listWorkflowRunArtifacts({ ...repo, run_id: runId, name, per_page: 1 });
  const artifact = listed.data.artifacts.find((a) => a.name === name && !a.expired);
  if (!artifact) return null;
  // GitHub answers with a redirect to blob storage; Octokit's fetch follows it.
  const response = await octokit.rest.actions.downloadArtifact({ ...repo, artifact_id: artifact.id, archive_format: "zip" });
  const bytes = new Uint8Array(response.data as ArrayBuffer);
  try {
    return unzipSync(bytes);
  } catch (error) {
    throw new Error(`artifact ${name} of run ${runId} is not a readable zip`, { cause: error });
  }
}
