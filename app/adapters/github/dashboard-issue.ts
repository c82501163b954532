import { DASHBOARD_LABEL, DASHBOARD_TITLE, isDashboardBody } from "../../templates/dashboard-body.js";
import type { GitHub, RepoRef } from "./github-client.js";
import { isOwnComment, ownWriter } from "./own-writes.js";

/** An open dashboard issue of this app. */
export interface DashboardIssue {
  number: number;
  body: string;
}

/**
 * This app's open dashboard issues, oldest first: labelled, opening with the marker, and posted by this
 * app as its bot (an issue carries the same author fields as a comment). Titles are never compared:
 * anyone can open an issue of the same title, or rename this one.
 */
export async function listDashboardIssues(octokit: GitHub, repo: RepoRef): Promise<DashboardIssue[]> {
  const own = await ownWriter(octokit);
  const issues = await octokit.paginate(octokit.rest.issues.listForRepo, { ...repo, labels: DASHBOARD_LABEL, state: "open", sort: "created", direction: "asc", per_page: 100 });
  return issues
    .filter((issue) => !issue.pull_request && isDashboardBody(issue.body ?? "") && isOwnComment(issue, own))
    .sort((a, b) => a.number - b.number)
    .map((issue) => ({ number: issue.number, body: issue.body ?? "" }));
}

/** Opens the dashboard issue; GitHub creates the label when the repository has none. */
export async function createDashboardIssue(octokit: GitHub, repo: RepoRef, body: string): Promise<number> {
  const response = await octokit.rest.issues.create({ ...repo, title: DASHBOARD_TITLE, body, labels: [DASHBOARD_LABEL] });
  return response.data.number;
}

/** Replaces the dashboard issue's body. */
export async function updateDashboardIssue(octokit: GitHub, repo: RepoRef, issueNumber: number, body: string): Promise<void> {
  await octokit.rest.issues.update({ ...repo, issue_number: issueNumber, body });
}

/** Closes a second dashboard, saying which one is kept: the comment first, so a closed duplicate always says why. */
export async function closeDuplicateDashboard(octokit: GitHub, repo: RepoRef, issueNumber: number, kept: number): Promise<void> {
  await octokit.rest.issues.createComment({ ...repo, issue_number: issueNumber, body: `envbranch keeps one dashboard per repository, the oldest: #${kept}. This one is closed as a duplicate.` });
  await octokit.rest.issues.update({ ...repo, issue_number: issueNumber, state: "closed", state_reason: "not_planned" });
}
