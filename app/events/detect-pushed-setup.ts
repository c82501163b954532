import type { GitHub, RepoRef } from "../adapters/github/github-client.js";
import { readBlobs, readTreeFiles } from "../adapters/github/repository-tree.js";
import { describe } from "../errors/describe-error.js";
import { describeSetup, type DetectedSetup } from "../generator/describe-setup.js";
import { filesToRead } from "../generator/files-to-read.js";
import { generateSetup } from "../generator/generate-setup.js";
import { readSetupTemplates } from "../generator/read-templates.js";

/**
 * What `envbranch init` would detect in a pushed commit, as it prints it: the missing-config check run
 * shows it. Only a suggestion: a failed read leaves the check run saying so, never the push unanswered.
 */
export async function detectPushedSetup(octokit: GitHub, repo: RepoRef, sha: string): Promise<DetectedSetup> {
  try {
    const tree = await readBlobs(octokit, repo, sha);
    const paths = Object.keys(tree.blobs);
    const [contents, templates] = await Promise.all([readTreeFiles(octokit, repo, tree, filesToRead(paths)), readSetupTemplates()]);
    return { lines: describeSetup(generateSetup({ paths, contents }, templates, repo.repo)) };
  } catch (error) {
    return { unavailable: describe(error) };
  }
}
