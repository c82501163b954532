import type { GitHub, RepoRef } from "./github-client.js";
import { isStatus } from "./load-config.js";

export type RepoPermission = "none" | "read" | "triage" | "write" | "maintain" | "admin";

/** A user's role on the repository (GitHub's role name, which knows triage and maintain). */
export async function repoPermission(octokit: GitHub, repo: RepoRef, username: string): Promise<RepoPermission> {
  try {
    const response = await octokit.rest.repos.getCollaboratorPermissionLevel({ ...repo, username });
    const role = response.data.role_name;
    return role === "read" || role === "triage" || role === "write" || role === "maintain" || role === "admin" ? role : toRole(response.data.permission);
  } catch (error) {
    if (isStatus(error, 404)) return "none";
    throw new Error(`could not read ${username}'s permission`, { cause: error });
  }
}

/** The teams among `teams` (`org/slug`) in which the user is an active member. */
export async function activeTeams(octokit: GitHub, teams: readonly { org: string; slug: string }[], username: string): Promise<string[]> {
  const member: string[] = [];
  for (const team of teams) {
    try {
      const response = await octokit.rest.teams.getMembershipForUserInOrg({ org: team.org, team_slug: team.slug, username });
      if (response.data.state === "active") member.push(`${team.org}/${team.slug}`);
    } catch (error) {
      if (!isStatus(error, 404)) throw new Error(`could not read ${username}'s membership of ${team.org}/${team.slug}`, { cause: error });
    }
  }
  return member;
}

function toRole(permission: string): RepoPermission {
  return permission === "admin" || permission === "write" || permission === "read" ? permission : "none";
}
