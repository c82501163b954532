import { exampleResponse } from "../../../support/github/openapi.js";
import { bodyOf, created, intParam, newestFirst, noContent, notFound, ok, paginate, queryValue, repoOf, type ApiCall, type Routes } from "../api-call.js";
import { requireRef, type DeploymentRecord, type DeploymentStatus, type FakeRepo, type FakeState } from "../fake-state.js";
import { HttpError } from "../http-exchange.js";
import { botUser, repoApiUrl, retarget } from "../rest-objects.js";
import { ensureEnvironment } from "./environment-routes.js";

interface DeploymentBody {
  ref: string;
  task: string;
  environment: string;
  payload: unknown;
  description: string;
  transient_environment: boolean;
  production_environment: boolean;
}

interface StatusBody {
  state: string;
  log_url: string;
  target_url: string;
  description: string;
  environment: string;
  environment_url: string;
  auto_inactive: boolean;
}

/**
 * Deployments and their statuses. Creating a deployment creates its environment, as GitHub does;
 * lists are newest first and filter by sha, ref, task and environment. A `success` status marks
 * earlier successful deployments of the environment inactive (`auto_inactive`, default true),
 * except transient and production ones, as GitHub documents.
 */
export const deploymentRoutes: Routes = {
  "repos/create-deployment": (call) => {
    const repo = repoOf(call);
    const body = bodyOf<DeploymentBody>(call);
    const ref = body.ref ?? "";
    const sha = requireRef(repo, ref);
    const id = call.state.nextId();
    const environment = body.environment ?? "production";
    const example = retarget(exampleResponse("repos/create-deployment") as Record<string, unknown>, call.state.urls);
    const deployment = {
      ...example,
      id,
      node_id: Buffer.from(`010:Deployment${id}`).toString("base64"),
      url: repoApiUrl(call.state, repo, `/deployments/${id}`),
      sha,
      ref,
      task: body.task ?? "deploy",
      payload: body.payload ?? {},
      original_environment: environment,
      environment,
      description: body.description ?? null,
      creator: botUser(call.state),
      created_at: call.state.timestamp(),
      updated_at: call.state.timestamp(),
      statuses_url: repoApiUrl(call.state, repo, `/deployments/${id}/statuses`),
      repository_url: repoApiUrl(call.state, repo),
      transient_environment: body.transient_environment ?? false,
      production_environment: body.production_environment ?? environment === "production",
      performed_via_github_app: null,
    };
    repo.deployments.push({ rest: deployment, statuses: [] });
    ensureEnvironment(call.state, repo, environment);
    return created(deployment);
  },

  "repos/list-deployments": (call) => {
    const filters = ["sha", "ref", "task", "environment"] as const;
    const matches = repoOf(call).deployments.filter((d) => filters.every((f) => queryValue(call, f) === undefined || d.rest[f] === queryValue(call, f)));
    return paginate(call, newestFirst(matches, (d) => d.rest.id).map((d) => d.rest));
  },

  "repos/get-deployment": (call) => ok(findDeployment(call).rest),

  "repos/delete-deployment": (call) => {
    const repo = repoOf(call);
    const record = findDeployment(call);
    const active = record.statuses.at(-1)?.state !== "inactive";
    if (active && repo.deployments.length > 1) {
      throw new HttpError(422, "We cannot delete an active deployment unless it is the only deployment in a given environment.");
    }
    repo.deployments.splice(repo.deployments.indexOf(record), 1);
    return noContent();
  },

  "repos/create-deployment-status": (call) => {
    const repo = repoOf(call);
    const record = findDeployment(call);
    const body = bodyOf<StatusBody>(call);
    const status = statusObject(call.state, repo, record, body);
    record.statuses.push(status);
    record.rest.updated_at = status.created_at;
    if (body.environment !== undefined) {
      record.rest.environment = body.environment;
      ensureEnvironment(call.state, repo, body.environment);
    }
    if (status.state === "success" && body.auto_inactive !== false) deactivateEarlier(call.state, repo, record);
    return created(status);
  },

  "repos/list-deployment-statuses": (call) => paginate(call, newestFirst(findDeployment(call).statuses, (s) => s.id)),
};

function findDeployment(call: ApiCall): DeploymentRecord {
  const id = intParam(call, "deployment_id");
  const record = repoOf(call).deployments.find((d) => d.rest.id === id);
  if (record === undefined) throw notFound();
  return record;
}

function statusObject(state: FakeState, repo: FakeRepo, record: DeploymentRecord, body: Partial<StatusBody>): DeploymentStatus {
  const id = state.nextId();
  const example = retarget(exampleResponse("repos/create-deployment-status") as Record<string, unknown>, state.urls);
  const logUrl = body.log_url ?? body.target_url ?? "";
  return {
    ...example,
    id,
    node_id: Buffer.from(`016:DeploymentStatus${id}`).toString("base64"),
    url: repoApiUrl(state, repo, `/deployments/${record.rest.id}/statuses/${id}`),
    state: body.state ?? "pending",
    creator: botUser(state),
    description: body.description ?? "",
    environment: body.environment ?? record.rest.environment,
    target_url: logUrl,
    log_url: logUrl,
    environment_url: body.environment_url ?? "",
    created_at: state.timestamp(),
    updated_at: state.timestamp(),
    deployment_url: record.rest.url,
    repository_url: repoApiUrl(state, repo),
    performed_via_github_app: null,
  };
}

function deactivateEarlier(state: FakeState, repo: FakeRepo, current: DeploymentRecord): void {
  for (const record of repo.deployments) {
    const { rest } = record;
    if (record === current || rest.id > current.rest.id || rest.environment !== current.rest.environment) continue;
    if (rest.transient_environment || rest.production_environment || record.statuses.at(-1)?.state !== "success") continue;
    record.statuses.push(statusObject(state, repo, record, { state: "inactive" }));
  }
}
