import type { GitHub, RepoRef } from "./github-client.js";

/** The part of a deployment envbranch reads back. */
export interface DeploymentRecord {
  id: number;
  sha: string;
  ref: string;
  /** The branch the deployment was made for, from the payload envbranch wrote. */
  branch: string | null;
  correlationId: string | null;
}

/** The payload envbranch stores on each deployment, so later events can tell whose it was. */
export interface DeploymentPayload {
  branch: string;
  correlationId: string;
  action: string;
}

/** Creates a deployment of a commit to an environment; the workflow run reports its statuses. */
export async function createDeployment(
  octokit: GitHub,
  repo: RepoRef,
  input: { sha: string; environment: string; payload: DeploymentPayload; description: string },
): Promise<number> {
  const response = await octokit.rest.repos.createDeployment({
    ...repo,
    ref: input.sha,
    environment: input.environment,
    payload: { ...input.payload },
    description: input.description.slice(0, 140),
    auto_merge: false,
    // The workflow itself is the check; waiting for other contexts would block every environment.
    required_contexts: [],
    transient_environment: true,
    production_environment: false,
  });
  if (!("id" in response.data)) throw new Error(`GitHub did not create the deployment: ${response.data.message ?? "no reason given"}`);
  return response.data.id;
}

/** The newest deployment of an environment, or null when it was never deployed. */
export async function findLatestDeployment(octokit: GitHub, repo: RepoRef, environment: string): Promise<DeploymentRecord | null> {
  const response = await octokit.rest.repos.listDeployments({ ...repo, environment, per_page: 1 });
  const latest = response.data[0];
  if (!latest) return null;
  const payload = typeof latest.payload === "object" && latest.payload !== null ? (latest.payload as Record<string, unknown>) : {};
  return {
    id: latest.id,
    sha: latest.sha,
    ref: latest.ref,
    branch: typeof payload.branch === "string" ? payload.branch : null,
    correlationId: typeof payload.correlationId === "string" ? payload.correlationId : null,
  };
}

/** The state of a deployment's newest status (`pending` when it has none yet). */
export async function latestDeploymentState(octokit: GitHub, repo: RepoRef, deploymentId: number): Promise<string> {
  const response = await octokit.rest.repos.listDeploymentStatuses({ ...repo, deployment_id: deploymentId, per_page: 1 });
  return response.data[0]?.state ?? "pending";
}
