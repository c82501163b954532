import type { GitHub, RepoRef } from "../adapters/github/github-client.js";
import { readTreeFiles, type BranchTree } from "../adapters/github/repository-tree.js";
import { onboardingProposal, type OnboardingProposal } from "../decisions/onboarding-proposal.js";
import { filesToRead } from "../generator/files-to-read.js";
import { readSetupTemplates } from "../generator/read-templates.js";

/**
 * The onboarding pull request for the default branch's tree: reads the few files the generator asks
 * for, then generates; with `branchConfig`, the setup branch's config text, its body follows that.
 */
export async function proposeSetup(octokit: GitHub, repo: RepoRef, tree: BranchTree, person: string, branchConfig?: string | null): Promise<OnboardingProposal> {
  const paths = Object.keys(tree.blobs);
  const [contents, templates] = await Promise.all([readTreeFiles(octokit, repo, tree, filesToRead(paths)), readSetupTemplates()]);
  return onboardingProposal({ repo: { paths, contents }, templates, repository: { owner: repo.owner, name: repo.repo }, defaultBranch: tree.branch, person, ...(branchConfig === undefined ? {} : { branchConfig }) });
}
