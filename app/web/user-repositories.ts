import type { GitHub } from "../adapters/github/github-client.js";

/** A repository the signed-in user may see, in an installation of this app. */
export interface VisibleRepository {
  installationId: number;
  owner: string;
  name: string;
  /** `owner/name`, as GitHub spells it. */
  fullName: string;
  /** Its page on GitHub, where links start from. */
  url: string;
}

/**
 * The repositories GitHub shows this user, read with the user's own token: this app's installations
 * the user can see (`GET /user/installations`), then each one's repositories the user can access
 * (`GET /user/installations/{id}/repositories`). Nothing the app's own token can read decides it,
 * so a repository of the same installation the user has no access to is never listed.
 */
export async function listVisibleRepositories(userOctokit: GitHub): Promise<VisibleRepository[]> {
  const installations = await userOctokit.paginate(userOctokit.rest.apps.listInstallationsForAuthenticatedUser, { per_page: 100 });
  const visible: VisibleRepository[] = [];
  for (const installation of installations) {
    const repositories = await userOctokit.paginate(userOctokit.rest.apps.listInstallationReposForAuthenticatedUser, { installation_id: installation.id, per_page: 100 });
    for (const r of repositories) visible.push({ installationId: installation.id, owner: r.owner.login, name: r.name, fullName: r.full_name, url: r.html_url });
  }
  return visible.sort((a, b) => a.fullName.localeCompare(b.fullName));
}
