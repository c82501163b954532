import { notFound, ok, repoOf, type Routes } from "../api-call.js";
import { simpleUser } from "../rest-objects.js";

// The legacy `permission` field folds the five roles into admin, write and read.
const LEGACY_PERMISSION: Record<string, string> = { admin: "admin", maintain: "write", write: "write", triage: "read", read: "read" };

/**
 * Who may do what: a user's role on a repository (`permission` in GitHub's legacy three levels,
 * `role_name` exact; someone without a role gets `none` on a private repository, `read` on a public
 * one) and team membership in an organisation (404 for non-members, as GitHub answers).
 */
export const accessRoutes: Routes = {
  "repos/get-collaborator-permission-level": (call) => {
    const repo = repoOf(call);
    const login = call.params.username ?? "";
    const owner = login.toLowerCase() === repo.owner.toLowerCase();
    const role = owner ? "admin" : (repo.roles.get(login.toLowerCase()) ?? (repo.private ? undefined : "read"));
    const user = { ...simpleUser(call.state, login), role_name: role ?? "" };
    return ok({ permission: role === undefined ? "none" : (LEGACY_PERMISSION[role] ?? "read"), role_name: role ?? "", user });
  },

  "teams/get-membership-for-user-in-org": (call) => {
    const { org = "", team_slug: team = "", username = "" } = call.params;
    const installationId = call.identity.kind === "installation" ? call.identity.installationId : undefined;
    const visible = [...call.state.repos.values()].some((r) => r.owner.toLowerCase() === org.toLowerCase() && r.installationId === installationId);
    const role = call.state.teams.get(`${org}/${team}`.toLowerCase())?.get(username.toLowerCase());
    if (!visible || role === undefined) throw notFound();
    return ok({ url: `${call.state.urls.api}/organizations/${call.state.userId(org)}/team/${call.state.userId(`${org}/${team}`)}/memberships/${username}`, role, state: "active" });
  },
};
