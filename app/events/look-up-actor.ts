import { activeTeams, repoPermission, type RepoPermission } from "../adapters/github/actor-access.js";
import type { GitHub } from "../adapters/github/github-client.js";
import { isConfiguredTeam, resolveApproverTeams } from "../commands/team-slug.js";
import type { EnvironmentPolicy } from "../config/config-schema.js";
import type { Repository } from "../environment/derive-environment.js";

/**
 * What GitHub says about a user that authorisation needs: their role on the repository and, when the
 * policy names approver teams and the owner is an organization, which of those teams they are in.
 */
export async function lookUpActor(
  octokit: GitHub,
  repository: Repository & { isOrganization: boolean },
  policy: EnvironmentPolicy,
  login: string,
  withTeams: boolean,
): Promise<{ permission: RepoPermission; teams: string[] }> {
  const permission = await repoPermission(octokit, { owner: repository.owner, repo: repository.name }, login);
  const { teams: refs } = resolveApproverTeams(policy.approvers.teams, repository.owner);
  if (!withTeams || !repository.isOrganization || refs.length === 0) return { permission, teams: [] };
  const teams = (await activeTeams(octokit, refs, login)).filter((t) => isConfiguredTeam(policy.approvers.teams, t));
  return { permission, teams };
}
