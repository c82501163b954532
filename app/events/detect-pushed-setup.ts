import type { GitHub, RepoRef } from "../adapters/github/github-client.js";
import { readBlobs, readTreeFiles } from "../adapters/github/repository-tree.js";
import { describeSetup } from "../generator/describe-setup.js";
import { filesToRead } from "../generator/files-to-read.js";
import { generateSetup } from "../generator/generate-setup.js";
import { readSetupTemplates } from "../generator/read-templates.js";

/** What `envbranch init` would detect in a pushed commit, as it prints it: the missing-config check run shows it. */
export async function detectPushedSetup(octokit: GitHub, repo: RepoRef, sha: string): Promise<string[]> {
  const tree = await readBlobs(octokit, repo, sha);
  const paths = Object.keys(tree.blobs);
  const [contents, templates] = await Promise.all([readTreeFiles(octokit, repo, tree, filesToRead(paths)), readSetupTemplates()]);
  return describeSetup(generateSetup({ paths, contents }, templates, repo.repo));
}
