import type { OpenPullRequest } from "../../decisions/environments-model.js";
import type { GitHub, RepoRef } from "./github-client.js";

/** The open pull requests into branches that start with `prefix` (the environment branches). */
export async function listOpenPullsInto(octokit: GitHub, repo: RepoRef, prefix: string): Promise<OpenPullRequest[]> {
  const pulls = await octokit.paginate(octokit.rest.pulls.list, { ...repo, state: "open", per_page: 100 });
  return pulls.filter((pull) => pull.base.ref.startsWith(prefix)).map((pull) => ({ number: pull.number, base: pull.base.ref, title: pull.title, url: pull.html_url }));
}
