import type { GitHub, RepoRef } from "./github-client.js";
import { isOwnDeploymentWrite, ownWriter } from "./own-writes.js";

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

/**
 * The newest of this app's deployments of an environment, or null when it never deployed it. Others'
 * deployments of the same environment are passed over, page by page, however many there are.
 */
export async function findLatestDeployment(octokit: GitHub, repo: RepoRef, environment: string): Promise<EnvironmentDeployment | null> {
  const own = await ownWriter(octokit);
  for await (const page of octokit.paginate.iterator(octokit.rest.repos.listDeployments, { ...repo, environment, per_page: 100 })) {
    const latest = page.data.find((d) => isOwnDeploymentWrite(d, own));
    if (latest) return { ...deploymentRecord(latest), environment, createdAt: latest.created_at };
  }
  return null;
}

/** This app's deployments of an environment (at a commit, when given), newest first. */
export async function listOwnDeployments(octokit: GitHub, repo: RepoRef, filter: { environment: string; sha?: string }): Promise<DeploymentRecord[]> {
  const own = await ownWriter(octokit);
  const deployments = await octokit.paginate(octokit.rest.repos.listDeployments, { ...repo, ...filter, per_page: 100 });
  return deployments.filter((d) => isOwnDeploymentWrite(d, own)).map(deploymentRecord);
}

function deploymentRecord(deployment: { id: number; sha: string; ref: string; payload: unknown }): DeploymentRecord {
  const payload = typeof deployment.payload === "object" && deployment.payload !== null ? (deployment.payload as Record<string, unknown>) : {};
  return {
    id: deployment.id,
    sha: deployment.sha,
    ref: deployment.ref,
    branch: typeof payload.branch === "string" ? payload.branch : null,
    correlationId: typeof payload.correlationId === "string" ? payload.correlationId : null,
  };
}

/** The state of the newest status this app gave a deployment (`pending` when it gave none yet): anyone may add a status. */
export async function latestDeploymentState(octokit: GitHub, repo: RepoRef, deploymentId: number): Promise<string> {
  return (await latestOwnDeploymentStatus(octokit, repo, deploymentId))?.state ?? "pending";
}

/** A deployment status as the environments model reads it. */
export interface DeploymentStatusRecord {
  state: string;
  environmentUrl: string | null;
  createdAt: string;
}

/** The newest status this app gave a deployment, or null when it gave none: anyone may add a status. */
export async function latestOwnDeploymentStatus(octokit: GitHub, repo: RepoRef, deploymentId: number): Promise<DeploymentStatusRecord | null> {
  const own = await ownWriter(octokit);
  for await (const page of octokit.paginate.iterator(octokit.rest.repos.listDeploymentStatuses, { ...repo, deployment_id: deploymentId, per_page: 100 })) {
    const latest = page.data.find((s) => isOwnDeploymentWrite(s, own));
    if (latest) return { state: latest.state, environmentUrl: latest.environment_url || null, createdAt: latest.created_at };
  }
  return null;
}

/** One of this app's deployments with the environment it went to and when. */
export interface EnvironmentDeployment extends DeploymentRecord {
  environment: string;
  createdAt: string;
}

/**
 * This app's newest deployments across the repository's environments: one page of the newest 100,
 * so a repository with years of deployments costs one call; older environments drop off the list.
 */
export async function listRecentOwnDeployments(octokit: GitHub, repo: RepoRef): Promise<EnvironmentDeployment[]> {
  const own = await ownWriter(octokit);
  const response = await octokit.rest.repos.listDeployments({ ...repo, per_page: 100 });
  return response.data.filter((d) => isOwnDeploymentWrite(d, own)).map((d) => ({ ...deploymentRecord(d), environment: d.environment ?? "", createdAt: d.created_at }));
}
