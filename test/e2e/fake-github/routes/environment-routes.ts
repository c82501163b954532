import { exampleResponse } from "../../../support/github/openapi.js";
import { noContent, notFound, ok, paginate, repoOf, type ApiCall, type Routes } from "../api-call.js";
import type { FakeRepo, FakeState, Rest } from "../fake-state.js";
import { repoApiUrl, repoWebUrl, retarget } from "../rest-objects.js";

type Environment = Rest<{ id: number; name: string }>;

/** GitHub environments: listed, read, created or updated, deleted. */
export const environmentRoutes: Routes = {
  "repos/get-all-environments": (call) => {
    const all = [...repoOf(call).environments.values()];
    return paginate(call, all, (page, total) => ({ total_count: total, environments: page }));
  },

  "repos/get-environment": (call) => ok(findEnvironment(call)),

  "repos/create-or-update-environment": (call) => ok(ensureEnvironment(call.state, repoOf(call), call.params.environment_name ?? "")),

  "repos/delete-an-environment": (call) => {
    const repo = repoOf(call);
    const environment = findEnvironment(call);
    repo.environments.delete(environment.name);
    return noContent();
  },
};

/** The environment of that name, created (without protection rules) when missing, as a deployment does. */
export function ensureEnvironment(state: FakeState, repo: FakeRepo, name: string): Environment {
  const existing = repo.environments.get(name);
  if (existing !== undefined) return existing;
  const id = state.nextId();
  const example = retarget(exampleResponse("repos/get-environment") as Record<string, unknown>, state.urls);
  const environment: Environment = {
    ...example,
    id,
    node_id: Buffer.from(`011:Environment${id}`).toString("base64"),
    name,
    url: repoApiUrl(state, repo, `/environments/${encodeURIComponent(name)}`),
    html_url: repoWebUrl(state, repo, `/deployments/activity_log?environments_filter=${encodeURIComponent(name)}`),
    created_at: state.timestamp(),
    updated_at: state.timestamp(),
    protection_rules: [],
    deployment_branch_policy: null,
  };
  repo.environments.set(name, environment);
  return environment;
}

function findEnvironment(call: ApiCall): Environment {
  const environment = repoOf(call).environments.get(call.params.environment_name ?? "");
  if (environment === undefined) throw notFound();
  return environment;
}
