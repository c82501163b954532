import { createHash } from "node:crypto";
import type { FakeRepo, FakeState } from "../fake-state.js";
import { ownerType, retarget, simpleUser } from "../rest-objects.js";

/** The fields every webhook payload carries about where it happened and who did it. */
export interface EventContext {
  repository: Record<string, unknown>;
  sender: Record<string, unknown>;
  installation: { id: number; node_id: string };
  organization?: Record<string, unknown>;
}

/**
 * The repository, sender, installation and (for organisation-owned repositories) organization of a
 * webhook payload, built from the recorded example's own objects so each event keeps its shape
 * (a push's repository differs from a pull request's), made to match the fake's state.
 */
export function eventContext(state: FakeState, repo: FakeRepo, example: { repository?: unknown; organization?: unknown }, senderLogin: string): EventContext {
  const context: EventContext = {
    repository: webhookRepository(state, repo, example.repository),
    sender: simpleUser(state, senderLogin),
    installation: { id: repo.installationId, node_id: Buffer.from(`023:Installation${repo.installationId}`).toString("base64") },
  };
  if (ownerType(repo) === "Organization") {
    const base = isObject(example.organization) ? retarget(example.organization, state.urls) : {};
    const api = `${state.urls.api}/orgs/${repo.owner}`;
    context.organization = {
      ...base,
      avatar_url: `${state.urls.web}/avatars/u/${state.userId(repo.owner)}?v=4`,
      description: null,
      login: repo.owner,
      id: state.userId(repo.owner),
      node_id: Buffer.from(`012:Organization${state.userId(repo.owner)}`).toString("base64"),
      url: api,
      repos_url: `${api}/repos`,
      events_url: `${api}/events`,
      hooks_url: `${api}/hooks`,
      issues_url: `${api}/issues`,
      members_url: `${api}/members{/member}`,
      public_members_url: `${api}/public_members{/member}`,
    };
  }
  return context;
}

/** A recorded example's repository object, rewritten to be this repository. */
export function webhookRepository(state: FakeState, repo: FakeRepo, example: unknown): Record<string, unknown> {
  const base = isObject(example) ? example : {};
  const fromName = typeof base.full_name === "string" ? base.full_name : undefined;
  const rewritten = retarget(base, state.urls, fromName, repo.fullName);
  const exampleOwner = isObject(rewritten.owner) ? rewritten.owner : {};
  return {
    ...rewritten,
    id: repo.rest.id,
    node_id: repo.rest.node_id,
    name: repo.name,
    full_name: repo.fullName,
    private: repo.private,
    visibility: repo.private ? "private" : "public",
    fork: false,
    default_branch: repo.defaultBranch,
    // Older recordings predate the field; the payload schema requires it.
    has_discussions: rewritten.has_discussions ?? false,
    ...("master_branch" in rewritten ? { master_branch: repo.defaultBranch } : {}),
    owner: { ...exampleOwner, ...simpleUser(state, repo.owner, ownerType(repo)), ...("name" in exampleOwner ? { name: repo.owner, email: null } : {}) },
  };
}

/** A commit as push payloads and workflow runs show it. */
export function commitObject(state: FakeState, repo: FakeRepo, sha: string, login: string, message: string): Record<string, unknown> {
  const person = { name: login, email: `${state.userId(login)}+${login}@users.noreply.github.com`, username: login };
  return {
    id: sha,
    tree_id: createHash("sha1").update(`tree:${sha}`).digest("hex"),
    distinct: true,
    message,
    timestamp: state.timestamp(),
    url: `${state.urls.web}/${repo.fullName}/commit/${sha}`,
    author: person,
    committer: person,
    added: [],
    removed: [],
    modified: [],
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
