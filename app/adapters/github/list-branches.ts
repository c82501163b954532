import type { GitHub, RepoRef } from "./github-client.js";

/** A live branch and the commit it points at. */
export interface BranchHead {
  name: string;
  sha: string;
}

/** The live branches that start with `prefix` and their heads, in one call (the endpoint is not paginated). */
export async function listBranchesWithPrefix(octokit: GitHub, repo: RepoRef, prefix: string): Promise<BranchHead[]> {
  const response = await octokit.rest.git.listMatchingRefs({ ...repo, ref: `heads/${prefix}` });
  return response.data.map((r) => ({ name: r.ref.replace(/^refs\/heads\//, ""), sha: r.object.sha }));
}
