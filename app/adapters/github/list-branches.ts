import type { GitHub, RepoRef } from "./github-client.js";

/** The names of the live branches that start with `prefix`, in one call (the endpoint is not paginated). */
export async function listBranchesWithPrefix(octokit: GitHub, repo: RepoRef, prefix: string): Promise<string[]> {
  const response = await octokit.rest.git.listMatchingRefs({ ...repo, ref: `heads/${prefix}` });
  return response.data.map((r) => r.ref.replace(/^refs\/heads\//, ""));
}
