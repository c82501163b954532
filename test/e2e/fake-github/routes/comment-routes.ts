import { exampleResponse } from "../../../support/github/openapi.js";
import { bodyOf, created, intParam, noContent, notFound, ok, paginate, queryValue, repoOf, type ApiCall, type Routes } from "../api-call.js";
import type { CommentRecord, FakeRepo, FakeState, IssueComment, Reaction } from "../fake-state.js";
import { appObject, botUser, repoApiUrl, repoWebUrl, retarget, simpleUser } from "../rest-objects.js";

const REACTIONS = ["+1", "-1", "laugh", "confused", "heart", "hooray", "eyes", "rocket"];

/**
 * Issue and pull request comments (list oldest first, with `since`; create; get; update; delete)
 * and reactions on them (one per user and content: a repeat answers 200 with the existing one).
 */
export const commentRoutes: Routes = {
  "issues/list-comments": (call) => {
    const issue = issueNumber(call);
    const since = queryValue(call, "since");
    const comments = repoOf(call).comments.filter((c) => c.issue === issue && (since === undefined || String(c.rest.updated_at) >= since));
    return paginate(call, comments.map((c) => c.rest));
  },

  "issues/create-comment": (call) => {
    const repo = repoOf(call);
    const record = addComment(call.state, repo, issueNumber(call), botUser(call.state).login, bodyOf<{ body: string }>(call).body ?? "");
    return created(record.rest);
  },

  "issues/get-comment": (call) => ok(findComment(call).rest),

  "issues/update-comment": (call) => {
    const record = findComment(call);
    record.rest.body = bodyOf<{ body: string }>(call).body ?? record.rest.body;
    record.rest.updated_at = call.state.timestamp();
    return ok(record.rest);
  },

  "issues/delete-comment": (call) => {
    const repo = repoOf(call);
    repo.comments.splice(repo.comments.indexOf(findComment(call)), 1);
    return noContent();
  },

  "reactions/list-for-issue-comment": (call) => {
    const content = queryValue(call, "content");
    return paginate(call, findComment(call).reactions.filter((r) => content === undefined || r.content === content));
  },

  "reactions/create-for-issue-comment": (call) => {
    const record = findComment(call);
    const content = bodyOf<{ content: string }>(call).content ?? "";
    const login = botUser(call.state).login;
    const existing = record.reactions.find((r) => r.content === content && r.user.login === login);
    if (existing !== undefined) return ok(existing);
    const id = call.state.nextId();
    const example = retarget(exampleResponse("reactions/create-for-issue-comment") as Record<string, unknown>, call.state.urls);
    const reaction: Reaction = { ...example, id, node_id: Buffer.from(`08:Reaction${id}`).toString("base64"), user: botUser(call.state), content, created_at: call.state.timestamp() };
    record.reactions.push(reaction);
    record.rest.reactions = reactionRollup(call.state, repoOf(call), record);
    return created(reaction);
  },
};

/** Stores a new comment by `login` on an issue or pull request; the bot's comments carry the app. */
export function addComment(state: FakeState, repo: FakeRepo, issue: number, login: string, body: string): CommentRecord {
  const id = state.nextId();
  const example = retarget(exampleResponse("issues/create-comment") as Record<string, unknown>, state.urls);
  const isBot = login === state.app.botLogin;
  const rest: IssueComment = {
    ...example,
    id,
    node_id: Buffer.from(`012:IssueComment${id}`).toString("base64"),
    url: repoApiUrl(state, repo, `/issues/comments/${id}`),
    html_url: repoWebUrl(state, repo, `/pull/${issue}#issuecomment-${id}`),
    issue_url: repoApiUrl(state, repo, `/issues/${issue}`),
    body,
    user: simpleUser(state, login),
    created_at: state.timestamp(),
    updated_at: state.timestamp(),
    author_association: authorAssociation(repo, login),
    performed_via_github_app: isBot ? appObject(state, repo.owner) : null,
  };
  const record: CommentRecord = { issue, rest, reactions: [] };
  rest.reactions = reactionRollup(state, repo, record);
  repo.comments.push(record);
  return record;
}

/** How GitHub labels a commenter: OWNER, COLLABORATOR for anyone with a role, else NONE. */
export function authorAssociation(repo: FakeRepo, login: string): string {
  if (login.toLowerCase() === repo.owner.toLowerCase()) return "OWNER";
  return repo.roles.has(login.toLowerCase()) ? "COLLABORATOR" : "NONE";
}

function reactionRollup(state: FakeState, repo: FakeRepo, record: CommentRecord): Record<string, unknown> {
  return reactionCounts(repoApiUrl(state, repo, `/issues/comments/${record.rest.id}/reactions`), record.reactions);
}

/** The `reactions` summary GitHub puts on comments and issues. */
export function reactionCounts(url: string, reactions: Reaction[]): Record<string, unknown> {
  const counts = Object.fromEntries(REACTIONS.map((content) => [content, reactions.filter((r) => r.content === content).length]));
  return { url, total_count: reactions.length, ...counts };
}

/** The issue number of the call; comments exist only on the pull requests the test opened and on issues. */
function issueNumber(call: ApiCall): number {
  const number = intParam(call, "issue_number");
  if (!repoOf(call).pulls.has(number) && !repoOf(call).issues.has(number)) throw notFound();
  return number;
}

function findComment(call: ApiCall): CommentRecord {
  const id = intParam(call, "comment_id");
  const record = repoOf(call).comments.find((c) => c.rest.id === id);
  if (record === undefined) throw notFound();
  return record;
}
