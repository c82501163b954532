import { exampleResponse } from "../../../support/github/openapi.js";
import { loadExample, type WebhookPayload } from "../../../support/github/webhooks.js";
import type { FakeRepo, FakeState, PullRecord, PullRequest, Rest } from "../fake-state.js";
import { minimalRepository, repoApiUrl, repoWebUrl, retarget, simpleUser } from "../rest-objects.js";
import { authorAssociation } from "../routes/comment-routes.js";
import { eventContext } from "./payload-context.js";

/** A pull request a test opens. */
export interface PullInput {
  head: string;
  base: string;
  /** Who opens it. */
  user: string;
  title?: string;
  body?: string;
  draft?: boolean;
  /** From a fork owned by this login: the head branch lives there, so `headSha` is required. */
  fork?: string;
  headSha?: string;
}

type PullAction = "opened" | "synchronize" | "closed" | "reopened";

/** Opens a pull request (numbered after the existing ones) and returns the `pull_request` opened payload. */
export function openPullRequest(state: FakeState, repoName: string, input: PullInput): WebhookPayload<"pull_request"> {
  const repo = state.repo(repoName);
  const headSha = input.fork === undefined ? repo.branches.get(input.head) : input.headSha;
  const baseSha = repo.branches.get(input.base);
  if (headSha === undefined) throw new Error(`fake GitHub: no head ${input.head} in ${repoName} (a fork's pull request needs headSha)`);
  if (baseSha === undefined) throw new Error(`fake GitHub: ${repoName} has no base branch ${input.base}`);
  repo.commits.add(headSha);
  const number = Math.max(0, ...repo.pulls.keys()) + 1;
  const record: PullRecord = { rest: pullObject(state, repo, number, input, headSha, baseSha), issueId: state.nextId(), reviews: [] };
  repo.pulls.set(number, record);
  return pullPayload(state, repo, record, "opened", input.user);
}

/**
 * Moves a pull request's head to `sha` and returns the `synchronize` payload. GitHub also sends a
 * `push` for a head branch in the same repository: take it from `fake.pushBranch` first (this then
 * finds the branch already moved), or call this alone and it moves the branch itself.
 */
export function synchronizePullRequest(state: FakeState, repoName: string, number: number, sha: string, sender?: string): WebhookPayload<"pull_request"> {
  const repo = state.repo(repoName);
  const record = pull(repo, number);
  const before = record.rest.head.sha;
  if (record.rest.head.repo.id === repo.rest.id) repo.branches.set(record.rest.head.ref, sha);
  repo.commits.add(sha);
  record.rest.head.sha = sha;
  record.rest.updated_at = state.timestamp();
  return { ...pullPayload(state, repo, record, "synchronize", sender ?? record.rest.user.login), before, after: sha } as WebhookPayload<"pull_request">;
}

/** Closes a pull request, merged or not, and returns the `closed` payload. Merging does not move the base branch: push it with `fake.pushBranch`. */
export function closePullRequest(state: FakeState, repoName: string, number: number, options: { merged?: boolean; mergeSha?: string; sender?: string } = {}): WebhookPayload<"pull_request"> {
  const repo = state.repo(repoName);
  const record = pull(repo, number);
  const now = state.timestamp();
  const sender = options.sender ?? record.rest.user.login;
  Object.assign(record.rest, { state: "closed", closed_at: now, updated_at: now, merged: options.merged === true });
  if (options.merged === true) Object.assign(record.rest, { merged_at: now, merge_commit_sha: options.mergeSha ?? null, merged_by: simpleUser(state, sender) });
  return pullPayload(state, repo, record, "closed", sender);
}

/** The pull request `number`; a test naming a missing one gets an error. */
export function pull(repo: FakeRepo, number: number): PullRecord {
  const record = repo.pulls.get(number);
  if (record === undefined) throw new Error(`fake GitHub: ${repo.fullName} has no pull request #${number}`);
  return record;
}

function pullPayload(state: FakeState, repo: FakeRepo, record: PullRecord, action: PullAction, sender: string): WebhookPayload<"pull_request"> {
  const example = loadExample("pull_request", (p) => p.action === action);
  return {
    ...example,
    ...eventContext(state, repo, example, sender),
    action,
    number: record.rest.number,
    pull_request: { ...retarget(example.pull_request, state.urls), ...structuredClone(record.rest) },
  } as WebhookPayload<"pull_request">;
}

function pullObject(state: FakeState, repo: FakeRepo, number: number, input: PullInput, headSha: string, baseSha: string): PullRequest {
  const id = state.nextId();
  const example = retarget(exampleResponse("pulls/get") as Record<string, unknown>, state.urls);
  const api = (path: string) => repoApiUrl(state, repo, path);
  const web = repoWebUrl(state, repo, `/pull/${number}`);
  const headOwner = input.fork ?? repo.owner;
  const headRepo = input.fork === undefined ? minimalRepository(repo) : forkOf(state, repo, input.fork);
  const now = state.timestamp();
  return {
    ...example,
    url: api(`/pulls/${number}`),
    id,
    node_id: Buffer.from(`011:PullRequest${id}`).toString("base64"),
    html_url: web,
    diff_url: `${web}.diff`,
    patch_url: `${web}.patch`,
    issue_url: api(`/issues/${number}`),
    commits_url: api(`/pulls/${number}/commits`),
    review_comments_url: api(`/pulls/${number}/comments`),
    review_comment_url: api("/pulls/comments{/number}"),
    comments_url: api(`/issues/${number}/comments`),
    statuses_url: api(`/statuses/${headSha}`),
    number,
    state: "open",
    locked: false,
    title: input.title ?? `Change ${input.head}`,
    user: simpleUser(state, input.user),
    body: input.body ?? null,
    labels: [],
    milestone: null,
    active_lock_reason: null,
    created_at: now,
    updated_at: now,
    closed_at: null,
    merged_at: null,
    merge_commit_sha: null,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: { label: `${headOwner}:${input.head}`, ref: input.head, sha: headSha, user: simpleUser(state, headOwner), repo: headRepo },
    base: { label: `${repo.owner}:${input.base}`, ref: input.base, sha: baseSha, user: simpleUser(state, repo.owner), repo: minimalRepository(repo) },
    _links: {
      self: { href: api(`/pulls/${number}`) },
      html: { href: web },
      issue: { href: api(`/issues/${number}`) },
      comments: { href: api(`/issues/${number}/comments`) },
      review_comments: { href: api(`/pulls/${number}/comments`) },
      review_comment: { href: api("/pulls/comments{/number}") },
      commits: { href: api(`/pulls/${number}/commits`) },
      statuses: { href: api(`/statuses/${headSha}`) },
    },
    author_association: authorAssociation(repo, input.user),
    auto_merge: null,
    draft: input.draft ?? false,
    merged: false,
    mergeable: null,
    rebaseable: null,
    mergeable_state: "unknown",
    merged_by: null,
    comments: 0,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: 1,
  };
}

/** The repository object of a fork of `repo` owned by `login`. */
function forkOf(state: FakeState, repo: FakeRepo, login: string): Rest<{ id: number }> {
  const forkName = `${login}/${repo.name}`;
  const rest = retarget(minimalRepository(repo), state.urls, repo.fullName, forkName);
  return { ...rest, id: state.userId(`fork:${forkName}`), full_name: forkName, owner: simpleUser(state, login, "User"), fork: true };
}
