import { exampleResponse } from "../../../support/github/openapi.js";
import { loadExample, type WebhookPayload } from "../../../support/github/webhooks.js";
import type { FakeState, Review } from "../fake-state.js";
import { repoApiUrl, repoWebUrl, retarget, simpleUser } from "../rest-objects.js";
import { addComment, authorAssociation, reactionCounts } from "../routes/comment-routes.js";
import { eventContext } from "./payload-context.js";
import { pull } from "./pull-events.js";

/**
 * A user comments on a pull request: the comment is stored (the app's later list calls see it) and
 * the `issue_comment` created payload is returned, its `issue` being the pull request as GitHub
 * shows it (with `pull_request` links).
 */
export function commentOnPull(state: FakeState, repoName: string, number: number, login: string, body: string): WebhookPayload<"issue_comment"> {
  const repo = state.repo(repoName);
  const record = pull(repo, number);
  const comment = addComment(state, repo, number, login, body);
  const example = loadExample("issue_comment", (p) => p.action === "created");
  const pr = record.rest;
  const issueApi = repoApiUrl(state, repo, `/issues/${number}`);
  const issue = {
    ...retarget(example.issue, state.urls),
    url: issueApi,
    repository_url: repoApiUrl(state, repo),
    labels_url: `${issueApi}/labels{/name}`,
    comments_url: `${issueApi}/comments`,
    events_url: `${issueApi}/events`,
    html_url: pr.html_url,
    id: record.issueId,
    node_id: Buffer.from(`05:Issue${record.issueId}`).toString("base64"),
    number,
    title: pr.title,
    user: pr.user,
    labels: [],
    state: pr.state,
    locked: false,
    active_lock_reason: null,
    reactions: reactionCounts(`${issueApi}/reactions`, []),
    assignee: null,
    assignees: [],
    milestone: null,
    comments: repo.comments.filter((c) => c.issue === number).length,
    created_at: pr.created_at,
    updated_at: comment.rest.updated_at,
    closed_at: pr.closed_at,
    author_association: pr.author_association,
    body: pr.body,
    pull_request: { url: pr.url, html_url: pr.html_url, diff_url: pr.diff_url, patch_url: pr.patch_url, merged_at: pr.merged_at },
  };
  return { ...example, ...eventContext(state, repo, example, login), action: "created", issue, comment: structuredClone(comment.rest) } as unknown as WebhookPayload<"issue_comment">;
}

/** Adds a submitted review (APPROVED, CHANGES_REQUESTED, COMMENTED) by `login`, on the head SHA unless told. */
export function addReview(state: FakeState, repoName: string, number: number, input: { user: string; state: "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED"; commitId?: string; body?: string }): Review {
  const repo = state.repo(repoName);
  const record = pull(repo, number);
  const id = state.nextId();
  const [example] = retarget(exampleResponse("pulls/list-reviews") as Record<string, unknown>[], state.urls);
  const html = `${repoWebUrl(state, repo, `/pull/${number}`)}#pullrequestreview-${id}`;
  const review: Review = {
    ...example,
    id,
    node_id: Buffer.from(`017:PullRequestReview${id}`).toString("base64"),
    user: simpleUser(state, input.user),
    body: input.body ?? "",
    state: input.state,
    html_url: html,
    pull_request_url: record.rest.url,
    _links: { html: { href: html }, pull_request: { href: record.rest.url } },
    submitted_at: state.timestamp(),
    commit_id: input.commitId ?? record.rest.head.sha,
    author_association: authorAssociation(repo, input.user),
  };
  record.reviews.push(review);
  return review;
}
