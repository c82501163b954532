import type { GitHub, RepoRef } from "./github-client.js";

/** Finds the deployment an interrupted run already created, by the correlation id in its payload. */
export async function findDeploymentByCorrelation(
  octokit: GitHub,
  repo: RepoRef,
  input: { sha: string; environment: string; correlationId: string },
): Promise<number | null> {
  const response = await octokit.rest.repos.listDeployments({ ...repo, sha: input.sha, environment: input.environment, per_page: 100 });
  const match = response.data.find((d) => {
    const payload = typeof d.payload === "object" && d.payload !== null ? (d.payload as Record<string, unknown>) : {};
    return payload.correlationId === input.correlationId;
  });
  return match?.id ?? null;
}
