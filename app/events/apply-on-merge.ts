import { authorizeCommand } from "../commands/authorize-command.js";
import { standingApprovals } from "../decisions/standing-approvals.js";
import type { GitHub } from "../adapters/github/github-client.js";
import type { RepoConfig } from "../config/parse-config.js";
import type { Environment, Repository } from "../environment/derive-environment.js";
import type { Log } from "../logging/event-log.js";
import { lookUpActor } from "./look-up-actor.js";
import { findPlanRecord } from "./plan-record.js";
import type { PullRequestFacts } from "./pull-request-environment.js";
import { startRun } from "../runs/start-run.js";
import type { StartRunOutcome } from "../runs/run-request.js";

export interface MergeInput {
  octokit: GitHub;
  log: Log;
  repository: Repository & { isOrganization: boolean };
  config: RepoConfig;
  environment: Environment;
  pr: PullRequestFacts;
}

/**
 * `applyOn: merge`: a merged pull request whose head was approved (a review approving the head commit
 * by someone `/envbranch apply` would accept, after a successful plan of that commit) applies the
 * merged commit. Returns what happened, or why nothing was applied.
 */
export async function applyOnMerge(input: MergeInput): Promise<{ applied: StartRunOutcome } | { refused: string }> {
  const { octokit, repository, environment, pr } = input;
  const repo = { owner: repository.owner, repo: repository.name };
  if (!pr.mergeCommitSha) return { refused: "GitHub reports no merge commit" };
  const reviews = await octokit.paginate(octokit.rest.pulls.listReviews, { ...repo, pull_number: pr.number, per_page: 100 });
  const approvals = standingApprovals(
    reviews.map((r) => ({ login: r.user?.login ?? null, type: r.user?.type ?? "User", state: r.state, commitId: r.commit_id ?? null })),
    pr.headSha,
  );
  if (approvals.length === 0) return { refused: `no review approves the head ${pr.headSha.slice(0, 7)}` };

  const plan = await findPlanRecord(octokit, repo, environment, pr.headSha);
  const reasons: string[] = [];
  for (const review of approvals) {
    const { login } = review;
    const actor = await lookUpActor(octokit, repository, environment.policy, login, true);
    const decision = authorizeCommand({
      command: "apply",
      actor: { login, type: review.type, ...actor },
      // The approval was given while the pull request was open; merging is what closed it.
      pullRequest: { number: pr.number, author: pr.author, headSha: pr.headSha, fromFork: pr.fromFork, open: true },
      policy: environment.policy,
      plan: plan ? { sha: plan.sha, status: plan.status } : null,
      trigger: "comment",
    });
    if (decision.allowed) {
      input.log.info({ approver: login, pullRequest: pr.number }, "merged with an authorised approval; applying the merge commit");
      const applied = await startRun({ ...input, repository, action: "apply", sha: pr.mergeCommitSha, dispatchRef: environment.branch, pullRequest: pr.number });
      return { applied };
    }
    reasons.push(`@${login}: ${decision.reason}`);
  }
  return { refused: reasons.join(" ") };
}
