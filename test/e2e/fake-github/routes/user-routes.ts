import { intParam, notFound, ok, paginate, type ApiCall, type Routes } from "../api-call.js";
import type { FakeRepo } from "../fake-state.js";
import { simpleUser } from "../rest-objects.js";
import { installationObject } from "./app-routes.js";

/**
 * What a user access token reads: the user (`GET /user`), this app's installations the user can see
 * (`GET /user/installations`: those with a repository the user has access to) and each one's
 * repositories the user has access to (`GET /user/installations/{id}/repositories`). Access is
 * explicit, as GitHub's is for these lists: the repository's owner, or a role on it; a public
 * repository is not listed to someone without a role.
 */
export function userRoutes(permissions: Record<string, string>): Routes {
  return {
    "users/get-authenticated": (call) => {
      const login = userOf(call);
      return ok({ ...simpleUser(call.state, login, "User"), name: null, company: null, blog: "", location: null, email: null, hireable: null, bio: null, public_repos: 0, public_gists: 0, followers: 0, following: 0, created_at: "2020-01-01T00:00:00Z", updated_at: "2020-01-01T00:00:00Z" });
    },

    "apps/list-installations-for-authenticated-user": (call) => {
      const byInstallation = accessibleByInstallation(call);
      const installations = [...byInstallation.values()].map((repos) => installationObject(call.state, repos[0] as FakeRepo, permissions));
      return paginate(call, installations, (page, total) => ({ total_count: total, installations: page }));
    },

    "apps/list-installation-repos-for-authenticated-user": (call) => {
      const repos = accessibleByInstallation(call).get(intParam(call, "installation_id"));
      if (repos === undefined) throw notFound();
      return paginate(
        call,
        repos.map((r) => r.rest),
        (page, total) => ({ total_count: total, repository_selection: "selected", repositories: page }),
      );
    },
  };
}

function userOf(call: ApiCall): string {
  if (call.identity.kind !== "user") throw new Error(`${call.operationId} needs a user token`);
  return call.identity.login;
}

/** The repositories the caller has explicit access to, by installation, in the order they were added. */
function accessibleByInstallation(call: ApiCall): Map<number, FakeRepo[]> {
  const login = userOf(call).toLowerCase();
  const found = new Map<number, FakeRepo[]>();
  for (const repo of call.state.repos.values()) {
    if (repo.owner.toLowerCase() !== login && !repo.roles.has(login)) continue;
    found.set(repo.installationId, [...(found.get(repo.installationId) ?? []), repo]);
  }
  return found;
}
