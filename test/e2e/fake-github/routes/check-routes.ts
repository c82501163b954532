import { exampleResponse } from "../../../support/github/openapi.js";
import { bodyOf, created, intParam, newestFirst, notFound, ok, paginate, queryValue, repoOf, type ApiCall, type Routes } from "../api-call.js";
import { resolveRef, type CheckRun, type FakeRepo, type FakeState } from "../fake-state.js";
import { HttpError } from "../http-exchange.js";
import { appObject, repoApiUrl, repoWebUrl, retarget } from "../rest-objects.js";

/** The body fields of checks/create and checks/update the fake keeps. */
interface CheckRunBody {
  name: string;
  head_sha: string;
  external_id: string;
  details_url: string;
  status: string;
  conclusion: string;
  started_at: string;
  completed_at: string;
  output: { title?: string; summary?: string; text?: string };
  actions: unknown[];
}

/**
 * Check runs as GitHub keeps them: created on a known commit, updated in place, listed per ref
 * with `check_name`, `status` and `filter` (`latest`, the default, keeps the newest run of each
 * name; `all` keeps every run).
 */
export const checkRoutes: Routes = {
  "checks/create": (call) => {
    const repo = repoOf(call);
    const body = bodyOf<CheckRunBody>(call);
    const sha = body.head_sha ?? "";
    if (!repo.commits.has(sha)) throw new HttpError(422, `No commit found for SHA: ${sha}`);
    const id = call.state.nextId();
    const example = retarget(exampleResponse("checks/create") as Record<string, unknown>, call.state.urls);
    const run: CheckRun = {
      ...example,
      id,
      node_id: Buffer.from(`08:CheckRun${id}`).toString("base64"),
      name: body.name ?? "",
      head_sha: sha,
      external_id: body.external_id ?? "",
      url: repoApiUrl(call.state, repo, `/check-runs/${id}`),
      html_url: repoWebUrl(call.state, repo, `/runs/${id}`),
      details_url: body.details_url ?? repoWebUrl(call.state, repo, `/runs/${id}`),
      status: "queued",
      conclusion: null,
      started_at: body.started_at ?? call.state.timestamp(),
      completed_at: null,
      output: { title: null, summary: null, text: null, annotations_count: 0, annotations_url: repoApiUrl(call.state, repo, `/check-runs/${id}/annotations`) },
      actions: [],
      check_suite: { id: call.state.nextId() },
      app: appObject(call.state, repo.owner),
      pull_requests: [],
    };
    applyChanges(call.state, run, body);
    run.pull_requests = pullRequestsAt(call.state, repo, sha);
    repo.checkRuns.push(run);
    return created(run);
  },

  "checks/update": (call) => {
    const run = findRun(call);
    applyChanges(call.state, run, bodyOf<CheckRunBody>(call));
    return ok(run);
  },

  "checks/get": (call) => ok(findRun(call)),

  "checks/list-for-ref": (call) => {
    const repo = repoOf(call);
    const sha = resolveRef(repo, call.params.ref ?? "");
    if (sha === undefined) throw new HttpError(422, `No commit found for SHA: ${call.params.ref ?? ""}`);
    const name = queryValue(call, "check_name");
    const status = queryValue(call, "status");
    const appId = queryValue(call, "app_id");
    let runs = newestFirst(repo.checkRuns.filter((r) => r.head_sha === sha), (r) => r.id);
    if ((queryValue(call, "filter") ?? "latest") === "latest") runs = runs.filter((r, i) => runs.findIndex((o) => o.name === r.name) === i);
    runs = runs.filter((r) => (name === undefined || r.name === name) && (status === undefined || r.status === status) && (appId === undefined || String((r.app as { id: number }).id) === appId));
    return paginate(call, runs, (page, total) => ({ total_count: total, check_runs: page }));
  },
};

function findRun(call: ApiCall): CheckRun {
  const id = intParam(call, "check_run_id");
  const run = repoOf(call).checkRuns.find((r) => r.id === id);
  if (run === undefined) throw notFound();
  return run;
}

/** Applies the fields of a create or update body; a conclusion completes the run, as on GitHub. */
function applyChanges(state: FakeState, run: CheckRun, body: Partial<CheckRunBody>): void {
  if (body.status === "completed" && body.conclusion === undefined && run.conclusion === null) {
    throw new HttpError(422, "Invalid request.\n\n\"conclusion\" wasn't supplied.");
  }
  if (body.name !== undefined) run.name = body.name;
  if (body.external_id !== undefined) run.external_id = body.external_id;
  if (body.details_url !== undefined) run.details_url = body.details_url;
  if (body.actions !== undefined) run.actions = body.actions;
  if (body.output !== undefined) run.output = { ...run.output, ...body.output };
  if (body.status !== undefined) run.status = body.status;
  if (body.conclusion !== undefined) {
    run.conclusion = body.conclusion;
    run.status = "completed";
  }
  if (run.status === "completed") run.completed_at = body.completed_at ?? (run.completed_at as string | null) ?? state.timestamp();
}

/** The open pull requests whose head is this commit, as GitHub lists them on a check run. */
function pullRequestsAt(state: FakeState, repo: FakeRepo, sha: string): Record<string, unknown>[] {
  return [...repo.pulls.values()]
    .filter((p) => p.rest.state === "open" && p.rest.head.sha === sha)
    .map((p) => ({
      url: repoApiUrl(state, repo, `/pulls/${p.rest.number}`),
      id: p.rest.id,
      number: p.rest.number,
      head: { ref: p.rest.head.ref, sha: p.rest.head.sha, repo: { id: repo.rest.id, url: repoApiUrl(state, repo), name: repo.name } },
      base: { ref: p.rest.base.ref, sha: p.rest.base.sha, repo: { id: repo.rest.id, url: repoApiUrl(state, repo), name: repo.name } },
    }));
}
