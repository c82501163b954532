import { exampleResponse } from "../../../support/github/openapi.js";
import { bodyOf, noContent, notFound, ok, repoOf, type ApiCall, type Routes } from "../api-call.js";
import type { FakeRepo, FakeState, WorkflowRun } from "../fake-state.js";
import { HttpError } from "../http-exchange.js";
import { botUser, minimalRepository, repoApiUrl, repoWebUrl, retarget } from "../rest-objects.js";
import { renderRunName } from "../run-name.js";
import { readWorkflowFile, type WorkflowFile } from "../workflow-file.js";

/** Overrides the run name the fake derives from the workflow's `run-name`. */
export type RunNamer = (inputs: Record<string, string>) => string;

interface DispatchBody {
  ref: string;
  inputs: Record<string, unknown>;
  return_run_details: boolean;
}

/**
 * Workflow dispatch as GitHub does it: the workflow file must exist on the dispatched ref and have
 * a `workflow_dispatch` trigger; unknown inputs and missing required ones are refused (422). An
 * accepted dispatch starts a queued run, named by the workflow's `run-name` rendered with the
 * inputs (or by `runName`), triggered by the app's bot. With `return_run_details: true` GitHub
 * answers 200 with the run's id and URLs, else 204.
 */
export function dispatchRoutes(runName: RunNamer | undefined): Routes {
  return {
    "actions/create-workflow-dispatch": (call) => {
      const repo = repoOf(call);
      const { path, id } = findWorkflow(call);
      const body = bodyOf<DispatchBody>(call);
      const ref = body.ref ?? "";
      const branch = ref.replace(/^refs\/heads\//, "");
      const sha = repo.branches.get(branch);
      if (sha === undefined) throw new HttpError(422, `No ref found for: ${ref}`);
      const text = repo.files.get(branch)?.get(path);
      if (text === undefined) throw new HttpError(422, `Workflow file ${path} not found at ref ${ref}`);
      const workflow = readWorkflowFile(path, text);
      const inputs = acceptInputs(workflow, body.inputs ?? {});
      const displayTitle = runName?.(inputs) ?? (workflow.runName === undefined ? workflow.name : renderRunName(workflow.runName, { inputs, github: githubContext(call.state, repo, branch, sha) }));
      const run = createRun(call.state, repo, { workflowId: id, path, name: workflow.name, displayTitle, branch, sha });
      repo.runs.push({ rest: run, inputs, artifacts: [] });
      call.state.dispatches.push({ repo: repo.fullName, workflow: call.params.workflow_id ?? "", ref, inputs, returnRunDetails: body.return_run_details === true, runId: run.id });
      if (body.return_run_details !== true) return noContent();
      return ok({ workflow_run_id: run.id, run_url: run.url, html_url: run.html_url });
    },

    "actions/get-workflow": (call) => {
      const repo = repoOf(call);
      const { path, id } = findWorkflow(call);
      const text = repo.files.get(repo.defaultBranch)?.get(path) ?? "";
      const example = retarget(exampleResponse("actions/get-workflow") as Record<string, unknown>, call.state.urls);
      return ok({ ...example, id, name: readWorkflowFile(path, text).name, path, state: "active", url: repoApiUrl(call.state, repo, `/actions/workflows/${id}`), html_url: repoWebUrl(call.state, repo, `/blob/${repo.defaultBranch}/${path}`) });
    },
  };
}

/**
 * The workflow a `workflow_id` names: its numeric id, or its file name in `.github/workflows` on the
 * default branch (GitHub only knows workflows that exist there). Gets an id on first sight.
 */
export function findWorkflow(call: ApiCall): { path: string; id: number } {
  const repo = repoOf(call);
  const key = call.params.workflow_id ?? "";
  const byId = [...repo.workflows.entries()].find(([, id]) => String(id) === key)?.[0];
  const path = byId ?? `.github/workflows/${key}`;
  if (!repo.files.get(repo.defaultBranch)?.has(path)) throw notFound();
  let id = repo.workflows.get(path);
  if (id === undefined) {
    id = call.state.nextId();
    repo.workflows.set(path, id);
  }
  return { path, id };
}

function acceptInputs(workflow: WorkflowFile, given: Record<string, unknown>): Record<string, string> {
  const declared = workflow.dispatchInputs;
  if (declared === null) throw new HttpError(422, "Workflow does not have 'workflow_dispatch' trigger");
  const unexpected = Object.keys(given).filter((name) => !declared.has(name));
  if (unexpected.length > 0) throw new HttpError(422, `Unexpected inputs provided: ${JSON.stringify(unexpected)}`);
  const inputs: Record<string, string> = {};
  for (const [name, input] of declared) {
    const value = given[name];
    if (value === undefined && input.required && input.default === undefined) throw new HttpError(422, `Required input '${name}' not provided`);
    const text = value === undefined ? input.default : typeof value === "string" ? value : JSON.stringify(value);
    if (text !== undefined) inputs[name] = text;
  }
  return inputs;
}

function githubContext(state: FakeState, repo: FakeRepo, branch: string, sha: string): Record<string, string> {
  const actor = state.app.botLogin;
  return { event_name: "workflow_dispatch", ref: `refs/heads/${branch}`, ref_name: branch, sha, actor, triggering_actor: actor, repository: repo.fullName, repository_owner: repo.owner };
}

function createRun(state: FakeState, repo: FakeRepo, input: { workflowId: number; path: string; name: string; displayTitle: string; branch: string; sha: string }): WorkflowRun {
  const id = state.nextId();
  const api = (path: string) => repoApiUrl(state, repo, `/actions/runs/${id}${path}`);
  const example = retarget(exampleResponse("actions/get-workflow-run") as Record<string, unknown>, state.urls);
  const now = state.timestamp();
  const bot = botUser(state);
  const suite = state.nextId();
  // The fake does not track who wrote each commit; the repository owner stands in.
  const commit = { name: repo.owner, email: `${state.userId(repo.owner)}+${repo.owner}@users.noreply.github.com` };
  return {
    ...example,
    id,
    name: input.name,
    node_id: Buffer.from(`011:WorkflowRun${id}`).toString("base64"),
    check_suite_id: suite,
    check_suite_node_id: Buffer.from(`010:CheckSuite${suite}`).toString("base64"),
    head_branch: input.branch,
    head_sha: input.sha,
    path: input.path,
    run_number: repo.runs.filter((r) => r.rest.workflow_id === input.workflowId).length + 1,
    run_attempt: 1,
    event: "workflow_dispatch",
    display_title: input.displayTitle,
    status: "queued",
    conclusion: null,
    workflow_id: input.workflowId,
    url: api(""),
    html_url: repoWebUrl(state, repo, `/actions/runs/${id}`),
    pull_requests: [],
    referenced_workflows: [],
    created_at: now,
    updated_at: now,
    run_started_at: now,
    actor: bot,
    triggering_actor: bot,
    jobs_url: api("/jobs"),
    logs_url: api("/logs"),
    check_suite_url: repoApiUrl(state, repo, `/check-suites/${suite}`),
    artifacts_url: api("/artifacts"),
    cancel_url: api("/cancel"),
    rerun_url: api("/rerun"),
    previous_attempt_url: null,
    workflow_url: repoApiUrl(state, repo, `/actions/workflows/${input.workflowId}`),
    head_commit: { id: input.sha, tree_id: input.sha, message: `commit ${input.sha.slice(0, 7)}`, timestamp: now, author: commit, committer: commit },
    repository: minimalRepository(repo),
    head_repository: minimalRepository(repo),
  };
}
