import type { GitHub, RepoRef } from "./github-client.js";

/** Acknowledges a command comment with a reaction, so the user sees it was read. */
export async function react(octokit: GitHub, repo: RepoRef, commentId: number, content: "eyes" | "+1" | "-1" | "rocket" | "confused"): Promise<void> {
  await octokit.rest.reactions.createForIssueComment({ ...repo, comment_id: commentId, content });
}

/** Replies on the pull request. */
export async function reply(octokit: GitHub, repo: RepoRef, pullRequest: number, body: string): Promise<void> {
  await octokit.rest.issues.createComment({ ...repo, issue_number: pullRequest, body });
}
