import { exampleResponse } from "../../../support/github/openapi.js";
import { bodyOf, created, intParam, notFound, ok, paginate, queryValue, repoOf, type ApiCall, type Routes } from "../api-call.js";
import type { FakeRepo, FakeState, Issue } from "../fake-state.js";
import { appObject, botUser, repoApiUrl, repoWebUrl, retarget } from "../rest-objects.js";

/**
 * Issues that are not pull requests (list by labels and state, sorted by creation; create as the bot,
 * with labels GitHub makes up on the spot; get; update body, title and state), as an app with
 * `issues: write` sees them.
 */
export const issueRoutes: Routes = {
  "issues/list-for-repo": (call) => {
    const labels = (queryValue(call, "labels") ?? "").split(",").filter((l) => l !== "");
    const state = queryValue(call, "state") ?? "open";
    const ascending = queryValue(call, "direction") === "asc";
    const issues = [...repoOf(call).issues.values()]
      .filter((i) => (state === "all" || i.state === state) && labels.every((l) => i.labels.some((label) => label.name === l)))
      .sort((a, b) => (a.number - b.number) * (ascending ? 1 : -1));
    return paginate(call, issues);
  },

  "issues/create": (call) => {
    const body = bodyOf<{ title: string; body: string; labels: string[] }>(call);
    return created(addIssue(call.state, repoOf(call), { title: body.title ?? "", body: body.body ?? "", labels: body.labels ?? [] }));
  },

  "issues/get": (call) => ok(findIssue(call)),

  "issues/update": (call) => {
    const issue = findIssue(call);
    const body = bodyOf<{ title: string; body: string; state: string; state_reason: string }>(call);
    Object.assign(issue, {
      ...(body.title !== undefined ? { title: body.title } : {}),
      ...(body.body !== undefined ? { body: body.body } : {}),
      ...(body.state !== undefined ? { state: body.state, closed_at: body.state === "closed" ? call.state.timestamp() : null } : {}),
      ...(body.state_reason !== undefined ? { state_reason: body.state_reason } : {}),
      updated_at: call.state.timestamp(),
    });
    return ok(issue);
  },
};

/** Opens an issue by this app's bot, numbered after every pull request and issue of the repository. */
export function addIssue(state: FakeState, repo: FakeRepo, input: { title: string; body: string; labels: string[] }): Issue {
  const number = Math.max(0, ...repo.pulls.keys(), ...repo.issues.keys()) + 1;
  const id = state.nextId();
  const { pull_request: _pullRequest, ...example } = retarget(exampleResponse("issues/get") as Record<string, unknown>, state.urls);
  const issue: Issue = {
    ...example,
    id,
    node_id: Buffer.from(`05:Issue${id}`).toString("base64"),
    number,
    url: repoApiUrl(state, repo, `/issues/${number}`),
    html_url: repoWebUrl(state, repo, `/issues/${number}`),
    title: input.title,
    body: input.body,
    state: "open",
    state_reason: null,
    labels: input.labels.map((name, i) => ({ id: id * 10 + i, node_id: `LA${id}${i}`, url: repoApiUrl(state, repo, `/labels/${encodeURIComponent(name)}`), name, color: "ededed", default: false, description: null })),
    user: botUser(state),
    assignee: null,
    assignees: [],
    milestone: null,
    comments: 0,
    closed_at: null,
    closed_by: null,
    created_at: state.timestamp(),
    updated_at: state.timestamp(),
    author_association: "NONE",
    performed_via_github_app: appObject(state, repo.owner),
  };
  repo.issues.set(number, issue);
  return issue;
}

function findIssue(call: ApiCall): Issue {
  const issue = repoOf(call).issues.get(intParam(call, "issue_number"));
  if (issue === undefined) throw notFound();
  return issue;
}
