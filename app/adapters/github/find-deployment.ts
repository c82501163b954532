import { listOwnDeployments } from "./deployments.js";
import type { GitHub, RepoRef } from "./github-client.js";

/** Finds the deployment an interrupted run of this app already created, by the correlation id in its payload. */
export async function findDeploymentByCorrelation(
  octokit: GitHub,
  repo: RepoRef,
  input: { sha: string; environment: string; correlationId: string },
): Promise<number | null> {
  const deployments = await listOwnDeployments(octokit, repo, { sha: input.sha, environment: input.environment });
  return deployments.find((d) => d.correlationId === input.correlationId)?.id ?? null;
}
