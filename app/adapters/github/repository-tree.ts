import type { RepositoryFiles } from "../../generator/repository-files.js";
import type { GitHub, RepoRef } from "./github-client.js";
import { isStatus } from "./load-config.js";

/** A branch's head: the commit a new commit builds on, and every file in its tree by path, with its blob. */
export interface BranchTree {
  branch: string;
  commitSha: string;
  treeSha: string;
  blobs: Record<string, string>;
  /** GitHub cuts recursive trees beyond its limits; the generator then sees part of the repository. */
  truncated: boolean;
}

/** The default branch's head and its files' paths, from the Git Trees API (one recursive read). */
export async function readDefaultBranchTree(octokit: GitHub, repo: RepoRef): Promise<BranchTree> {
  try {
    const { data: repository } = await octokit.rest.repos.get({ ...repo });
    const { data: branch } = await octokit.rest.repos.getBranch({ ...repo, branch: repository.default_branch });
    const treeSha = branch.commit.commit.tree.sha;
    return { branch: repository.default_branch, commitSha: branch.commit.sha, treeSha, ...(await readBlobs(octokit, repo, treeSha)) };
  } catch (error) {
    throw new Error(`could not read the files of ${repo.owner}/${repo.repo}`, { cause: error });
  }
}

/** Every file of a tree (or of a commit's tree: the API takes either SHA) by path, with its blob. */
export async function readBlobs(octokit: GitHub, repo: RepoRef, treeOrCommitSha: string): Promise<Pick<BranchTree, "blobs" | "truncated">> {
  const { data: tree } = await octokit.rest.git.getTree({ ...repo, tree_sha: treeOrCommitSha, recursive: "1" });
  const blobs = Object.fromEntries(tree.tree.filter((entry) => entry.type === "blob" && entry.path && entry.sha).map((entry) => [entry.path!, entry.sha!]));
  return { blobs, truncated: tree.truncated };
}

/** The contents of the named files of a tree, through their blobs (UTF-8 text). */
export async function readTreeFiles(octokit: GitHub, repo: RepoRef, tree: Pick<BranchTree, "blobs">, paths: readonly string[]): Promise<RepositoryFiles["contents"]> {
  const entries = await Promise.all(
    paths.map(async (path) => {
      const { data } = await octokit.rest.git.getBlob({ ...repo, file_sha: tree.blobs[path]! });
      return [path, Buffer.from(data.content, "base64").toString("utf8")] as const;
    }),
  );
  return Object.fromEntries(entries);
}

/** Whether a branch exists. */
export async function branchExists(octokit: GitHub, repo: RepoRef, branch: string): Promise<boolean> {
  try {
    await octokit.rest.git.getRef({ ...repo, ref: `heads/${branch}` });
    return true;
  } catch (error) {
    if (isStatus(error, 404)) return false;
    throw new Error(`could not read the branch ${branch}`, { cause: error });
  }
}
