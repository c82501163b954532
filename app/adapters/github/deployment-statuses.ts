import { listOwnDeployments } from "./deployments.js";
import type { GitHub, RepoRef } from "./github-client.js";

/** Reports a deployment's state, with the environment's URL on success and the run's log otherwise. */
export async function setDeploymentStatus(
  octokit: GitHub,
  repo: RepoRef,
  deploymentId: number,
  status: { state: "success" | "failure" | "error" | "inactive" | "in_progress"; environmentUrl?: string; logUrl?: string; description: string },
): Promise<void> {
  await octokit.rest.repos.createDeploymentStatus({
    ...repo,
    deployment_id: deploymentId,
    state: status.state,
    description: status.description.slice(0, 140),
    ...(status.environmentUrl ? { environment_url: status.environmentUrl } : {}),
    ...(status.logUrl ? { log_url: status.logUrl } : {}),
    // A newer successful deployment makes older ones of the environment inactive on its own.
    auto_inactive: true,
  });
}

/** Marks every deployment this app made of a destroyed environment inactive, so GitHub shows nothing live; others' are theirs. */
export async function deactivateEnvironment(octokit: GitHub, repo: RepoRef, environment: string, description: string): Promise<number> {
  const deployments = await listOwnDeployments(octokit, repo, { environment });
  for (const deployment of deployments) {
    await setDeploymentStatus(octokit, repo, deployment.id, { state: "inactive", description });
  }
  return deployments.length;
}
