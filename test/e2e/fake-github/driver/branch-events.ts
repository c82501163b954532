import { loadExample, type WebhookPayload } from "../../../support/github/webhooks.js";
import type { FakeState } from "../fake-state.js";
import { commitObject, eventContext } from "./payload-context.js";

const ZERO_SHA = "0".repeat(40);

/** Options of a push. */
export interface PushOptions {
  /** Who pushed; default the repository owner. */
  sender?: string;
  /** Files to write on the branch with this push (path → text, null deletes). */
  files?: Record<string, string | null>;
  message?: string;
}

/**
 * Moves (or creates) a branch to `sha`, as a `git push` would, and returns the `push` payload GitHub
 * sends for it (`created` for a new branch, which starts with the default branch's files). A push
 * that changes nothing is refused: GitHub sends no event for it.
 */
export function pushBranch(state: FakeState, repoName: string, branch: string, sha: string, options: PushOptions = {}): WebhookPayload<"push"> {
  const repo = state.repo(repoName);
  const before = repo.branches.get(branch);
  if (before === sha) throw new Error(`fake GitHub: ${branch} is already at ${sha}`);
  const created = before === undefined;
  repo.branches.set(branch, sha);
  repo.commits.add(sha);
  const files = repo.files.get(branch) ?? new Map(repo.files.get(repo.defaultBranch));
  for (const [path, text] of Object.entries(options.files ?? {})) {
    if (text === null) files.delete(path);
    else files.set(path, text);
  }
  repo.files.set(branch, files);

  const sender = options.sender ?? repo.owner;
  // The recorded branch pushes are all creations; an update differs only in the fields set below.
  const example = loadExample("push", (p) => !p.deleted && p.ref.startsWith("refs/heads/"));
  const commit = { ...commitObject(state, repo, sha, sender, options.message ?? `update ${branch}`), modified: Object.keys(options.files ?? {}) };
  const web = `${state.urls.web}/${repo.fullName}`;
  return {
    ...example,
    ...eventContext(state, repo, example, sender),
    ref: `refs/heads/${branch}`,
    before: before ?? ZERO_SHA,
    after: sha,
    created,
    deleted: false,
    forced: false,
    base_ref: null,
    compare: created ? `${web}/compare/${encodeURIComponent(branch)}` : `${web}/compare/${before.slice(0, 12)}...${sha.slice(0, 12)}`,
    commits: [commit],
    head_commit: commit,
    pusher: { name: sender, email: `${state.userId(sender)}+${sender}@users.noreply.github.com` },
  } as WebhookPayload<"push">;
}

/**
 * Deletes a branch and returns both events GitHub sends for it: `delete`, and a `push` with
 * `deleted: true` and `after` all zeros.
 */
export function deleteBranch(state: FakeState, repoName: string, branch: string, options: { sender?: string } = {}): { deleteEvent: WebhookPayload<"delete">; pushEvent: WebhookPayload<"push"> } {
  const repo = state.repo(repoName);
  const before = repo.branches.get(branch);
  if (before === undefined) throw new Error(`fake GitHub: ${repoName} has no branch ${branch}`);
  if (branch === repo.defaultBranch) throw new Error("fake GitHub: GitHub refuses to delete the default branch");
  repo.branches.delete(branch);
  repo.files.delete(branch);

  const sender = options.sender ?? repo.owner;
  // The recorded deletions are of tags; ref and ref_type are set below.
  const deleteExample = loadExample("delete");
  const pushExample = loadExample("push", (p) => p.deleted);
  const deleteEvent = { ...deleteExample, ...eventContext(state, repo, deleteExample, sender), ref: branch, ref_type: "branch", pusher_type: "user" } as WebhookPayload<"delete">;
  const pushEvent = {
    ...pushExample,
    ...eventContext(state, repo, pushExample, sender),
    ref: `refs/heads/${branch}`,
    before,
    after: ZERO_SHA,
    created: false,
    deleted: true,
    forced: false,
    base_ref: null,
    compare: `${state.urls.web}/${repo.fullName}/compare/${before.slice(0, 12)}...000000000000`,
    commits: [],
    head_commit: null,
    pusher: { name: sender, email: `${state.userId(sender)}+${sender}@users.noreply.github.com` },
  } as unknown as WebhookPayload<"push">;
  return { deleteEvent, pushEvent };
}
