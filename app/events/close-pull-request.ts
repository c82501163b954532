import type { GitHub, RepoRef } from "../adapters/github/github-client.js";
import { findStickyComment, writeStickyComment } from "../adapters/github/sticky-comment.js";
import type { RepoConfig } from "../config/parse-config.js";
import type { Environment, Repository } from "../environment/derive-environment.js";
import type { Log } from "../logging/event-log.js";
import { applyOnMerge } from "./apply-on-merge.js";
import type { PullRequestFacts } from "./pull-request-environment.js";

/**
 * A closed pull request into an environment branch: nothing is applied, its saved plans are void;
 * merged with `applyOn: merge` after an authorised approval, the merge commit is applied. The
 * sticky comment says which.
 */
export async function closePullRequest(input: { octokit: GitHub; log: Log; repository: Repository & { isOrganization: boolean }; config: RepoConfig; environment: Environment; pr: PullRequestFacts }): Promise<void> {
  const { octokit, log, environment, pr } = input;
  const repo = { owner: input.repository.owner, repo: input.repository.name };
  if (pr.merged && environment.policy.approval === "required" && environment.policy.applyOn === "merge") {
    const outcome = await applyOnMerge(input);
    // An approver's refusal is a sentence of its own and ends in a full stop; the other reasons do not.
    const note = "refused" in outcome ? `Merged, but nothing was applied: ${outcome.refused.replace(/\.?$/, ".")}` : `Merged: applying the merge commit \`${pr.mergeCommitSha?.slice(0, 7)}\` to \`${environment.githubEnvironment}\`.`;
    await appendToSticky(octokit, repo, pr.number, environment.githubEnvironment, note);
    return;
  }
  if (!pr.merged) await appendToSticky(octokit, repo, pr.number, environment.githubEnvironment, "This pull request was closed without merging: nothing was applied, and its saved plans can no longer be applied.");
  log.info({ pullRequest: pr.number, merged: pr.merged }, "pull request closed; its saved plans are void");
}

async function appendToSticky(octokit: GitHub, repo: RepoRef, pullRequest: number, environment: string, note: string): Promise<void> {
  const existing = await findStickyComment(octokit, repo, pullRequest, environment);
  if (!existing || existing.body.includes(note)) return;
  const body = existing.body.replace(/^<!-- envbranch-plan: [^\n]*-->\n/, "");
  await writeStickyComment(octokit, repo, pullRequest, environment, existing, `${body}\n\n---\n${note}`);
}
