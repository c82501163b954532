import { exampleResponse } from "../../../support/github/openapi.js";
import { bodyOf, created, intParam, ok, repoOf, type Routes } from "../api-call.js";
import type { AppAuthority } from "../app-authority.js";
import type { FakeRepo, FakeState } from "../fake-state.js";
import { HttpError } from "../http-exchange.js";
import { appObject, retarget, simpleUser } from "../rest-objects.js";

/**
 * The app-level operations, authenticated with the app's JWT: `GET /app`, the installation of a
 * repository, and the installation token exchange Probot makes before its first call.
 */
export function appRoutes(authority: AppAuthority, permissions: Record<string, string>): Routes {
  return {
    "apps/get-authenticated": (call) => ok(appObject(call.state, firstOwner(call.state))),

    "apps/get-repo-installation": (call) => ok(installationObject(call.state, repoOf(call), permissions)),

    "apps/create-installation-access-token": (call) => {
      const installationId = intParam(call, "installation_id");
      const repos = [...call.state.repos.values()].filter((r) => r.installationId === installationId);
      if (repos.length === 0) throw new HttpError(404, "Not Found");
      const asked = bodyOf<{ permissions: Record<string, string> }>(call).permissions;
      return created({
        ...authority.issueToken(installationId),
        permissions: asked ?? permissions,
        repository_selection: "selected",
        repositories: repos.map((r) => r.rest),
      });
    },
  };
}

/** The installation object (`installation` schema) of the installation `repo` is in. */
export function installationObject(state: FakeState, repo: FakeRepo, permissions: Record<string, string>): Record<string, unknown> {
  const example = retarget(exampleResponse("apps/get-repo-installation") as Record<string, unknown>, state.urls);
  return {
    ...example,
    id: repo.installationId,
    account: simpleUser(state, repo.owner),
    app_id: state.app.id,
    app_slug: state.app.slug,
    target_id: state.userId(repo.owner),
    target_type: (repo.rest.owner as { type?: string } | undefined)?.type ?? "User",
    repository_selection: "selected",
    access_tokens_url: `${state.urls.api}/app/installations/${repo.installationId}/access_tokens`,
    repositories_url: `${state.urls.api}/installation/repositories`,
    html_url: `${state.urls.web}/settings/installations/${repo.installationId}`,
    permissions,
  };
}

function firstOwner(state: FakeState): string {
  return [...state.repos.values()][0]?.owner ?? "fake-owner";
}
