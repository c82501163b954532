import type { GitHub, RepoRef } from "./github-client.js";
import { isOwnComment, ownWriter } from "./own-writes.js";

/** The hidden marker that finds a pull request's sticky comment for one environment. */
export function stickyMarker(environment: string): string {
  return `<!-- envbranch-plan: ${environment} -->`;
}

/** This app's sticky comment of a pull request for an environment, if it exists; anyone else's marker is text. */
export async function findStickyComment(octokit: GitHub, repo: RepoRef, pullRequest: number, environment: string): Promise<{ id: number; body: string } | null> {
  const marker = stickyMarker(environment);
  const own = await ownWriter(octokit);
  const comments = await octokit.paginate(octokit.rest.issues.listComments, { ...repo, issue_number: pullRequest, per_page: 100 });
  const found = comments.find((c) => c.body?.startsWith(marker) && isOwnComment(c, own));
  return found ? { id: found.id, body: found.body ?? "" } : null;
}

/** Writes the sticky comment: edits `existing` in place, or creates it. */
export async function writeStickyComment(
  octokit: GitHub,
  repo: RepoRef,
  pullRequest: number,
  environment: string,
  existing: { id: number } | null,
  body: string,
): Promise<void> {
  const full = `${stickyMarker(environment)}\n${body}`;
  if (existing) await octokit.rest.issues.updateComment({ ...repo, comment_id: existing.id, body: full });
  else await octokit.rest.issues.createComment({ ...repo, issue_number: pullRequest, body: full });
}

/** Edits the sticky comment in place, or creates it; `render` gets the previous body to fold in. */
export async function upsertStickyComment(
  octokit: GitHub,
  repo: RepoRef,
  pullRequest: number,
  environment: string,
  render: (previous: string | null) => string,
): Promise<void> {
  const existing = await findStickyComment(octokit, repo, pullRequest, environment);
  await writeStickyComment(octokit, repo, pullRequest, environment, existing, render(existing?.body ?? null));
}
