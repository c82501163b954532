import type { SetupPullRequest } from "../../decisions/decide-onboarding.js";
import type { GitHub, RepoRef } from "./github-client.js";

/** The pull requests from a branch of the repository itself, open and closed, with their bodies; `byApp` marks those the bot opened. */
export async function listBranchPulls(octokit: GitHub, repo: RepoRef, branch: string, botLogin: string): Promise<Array<SetupPullRequest & { body: string }>> {
  try {
    const pulls = await octokit.paginate(octokit.rest.pulls.list, { ...repo, head: `${repo.owner}:${branch}`, state: "all", per_page: 100 });
    return pulls.map((pull) => ({ number: pull.number, state: pull.state === "open" ? "open" : "closed", byApp: pull.user?.login === botLogin && pull.user.type === "Bot", body: pull.body ?? "" }));
  } catch (error) {
    throw new Error(`could not list the pull requests from ${branch}`, { cause: error });
  }
}
