import { unzipSync } from "fflate";
import type { GitHub, RepoRef } from "./github-client.js";

/** A result artifact is a few kilobytes; anything near this is not one the runner wrote. */
export const MAX_ARTIFACT_BYTES = 10 * 1024 * 1024;

/** What a run's artifact gave: nothing, something refused unread (and why), or the wanted files. */
export type ArtifactFetch = { kind: "missing" } | { kind: "refused"; problem: string } | { kind: "found"; files: Record<string, Uint8Array> };

/**
 * The wanted files of a run's artifact by name. An artifact (or a file in it) over `maxBytes` is
 * refused before it is downloaded (or inflated), and only the wanted files are inflated: a workflow
 * can upload anything under that name.
 */
export async function downloadRunArtifact(octokit: GitHub, repo: RepoRef, runId: number, name: string, wanted: readonly string[], maxBytes = MAX_ARTIFACT_BYTES): Promise<ArtifactFetch> {
  const listed = await octokit.rest.actions.listWorkflowRunArtifacts({ ...repo, run_id: runId, name, per_page: 1 });
  const artifact = listed.data.artifacts.find((a) => a.name === name && !a.expired);
  if (!artifact) return { kind: "missing" };
  if (artifact.size_in_bytes > maxBytes) return { kind: "refused", problem: `the artifact ${name} is ${artifact.size_in_bytes} bytes, more than the ${maxBytes} a result can be` };
  // GitHub answers with a redirect to blob storage; Octokit's fetch follows it.
  const response = await octokit.rest.actions.downloadArtifact({ ...repo, artifact_id: artifact.id, archive_format: "zip" });
  const bytes = new Uint8Array(response.data as ArrayBuffer);
  if (bytes.length > maxBytes) return { kind: "refused", problem: `the artifact ${name} downloaded as ${bytes.length} bytes, more than the ${maxBytes} a result can be` };
  let oversized: string | null = null;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (file) => {
        if (!wanted.includes(file.name)) return false;
        if (file.originalSize > maxBytes) oversized = `${file.name} inflates to ${file.originalSize} bytes`;
        return oversized === null;
      },
    });
  } catch (error) {
    throw new Error(`artifact ${name} of run ${runId} is not a readable zip`, { cause: error });
  }
  if (oversized !== null) return { kind: "refused", problem: `in the artifact ${name}, ${oversized}, more than the ${maxBytes} a result can be` };
  return { kind: "found", files };
}
