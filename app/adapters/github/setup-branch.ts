import type { GeneratedFile } from "../../generator/generate-setup.js";
import type { GitHub, RepoRef } from "./github-client.js";
import { isStatus } from "./load-config.js";

/** What the setup branch is made of: the files, on top of the default branch's head. */
export interface SetupCommit {
  branch: string;
  files: readonly GeneratedFile[];
  parent: { commitSha: string; treeSha: string };
  message: string;
}

/** One commit of the files on the parent, through the Git Data API (blobs, tree, commit); returns its SHA. */
export async function commitFiles(octokit: GitHub, repo: RepoRef, commit: SetupCommit): Promise<string> {
  const blobs = await Promise.all(commit.files.map((file) => octokit.rest.git.createBlob({ ...repo, content: file.content, encoding: "utf-8" })));
  const tree = await octokit.rest.git.createTree({
    ...repo,
    base_tree: commit.parent.treeSha,
    tree: commit.files.map((file, i) => ({ path: file.path, mode: "100644" as const, type: "blob" as const, sha: blobs[i]!.data.sha })),
  });
  const created = await octokit.rest.git.createCommit({ ...repo, message: commit.message, tree: tree.data.sha, parents: [commit.parent.commitSha] });
  return created.data.sha;
}

/**
 * Creates the branch at the commit; false when it exists already. Two deliveries racing to onboard
 * one repository both get here, and GitHub lets only one create the ref: the other is told 422.
 */
export async function createBranch(octokit: GitHub, repo: RepoRef, branch: string, sha: string): Promise<boolean> {
  try {
    await octokit.rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha });
    return true;
  } catch (error) {
    if (isStatus(error, 422)) return false;
    throw new Error(`could not create the branch ${branch}`, { cause: error });
  }
}

/** Points the branch at the commit whatever it held: starting the setup again replaces it. */
export async function resetBranch(octokit: GitHub, repo: RepoRef, branch: string, sha: string): Promise<void> {
  if (await createBranch(octokit, repo, branch, sha)) return;
  await octokit.rest.git.updateRef({ ...repo, ref: `heads/${branch}`, sha, force: true });
}
