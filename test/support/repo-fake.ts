import { zipSync } from "fflate";
import nock from "nock";
import { stringify } from "yaml";
import { exampleResponse } from "./github/openapi.js";
import { TEST_APP_ID } from "./github/test-app-key.js";
import type { Expectation, GitHubCall, MockGitHub } from "./github/mock-github.js";
import { TEST_BOT_LOGIN } from "./app-under-test.js";

/** This app, as GitHub names it in what the app wrote (a check run's `app`, a comment's `performed_via_github_app`). */
export const OWN_APP = { ...(exampleResponse("apps/get-authenticated") as Record<string, unknown>), id: TEST_APP_ID, slug: "envbranch" } as Record<string, unknown> & { id: number };

/** The account this app writes as: GitHub names it as a deployment's `creator` and a comment's `user`. */
export const OWN_BOT = { ...(exampleResponse("repos/create-deployment") as { creator: Record<string, unknown> }).creator, login: TEST_BOT_LOGIN, type: "Bot" };

/** Who a write in the fake is by: this app (its bot, through it), or someone else (`creator`/`user` and app as given). */
export interface Writer {
  account: Record<string, unknown> & { login: string; type: string };
  app: Record<string, unknown> | null;
}

/** The commit the push tests push, and so the head of every branch the fake lists unless told otherwise. */
export const DEFAULT_HEAD = "6113728f27ae82c7b1a177c8d03f9e96e0adf246";

/**
 * What one fake repository holds, so the app's reads see its own earlier writes: the check runs it
 * created, the deployments, the dispatches. Each `expect*` declares exactly one expected call (or
 * `times` calls) on the contract-checked GitHub mock, answered from this state.
 */
export class RepoFake {
  readonly checkRuns: Array<Record<string, unknown> & { id: number; head_sha: string; name: string; external_id: string; status: string; conclusion: string | null; output: { title: string; summary: string; text?: string } }> = [];
  readonly deployments: Array<{ id: number; sha: string; ref: string; environment: string; payload: Record<string, unknown>; writer?: Writer }> = [];
  readonly dispatches: Array<{ workflow: string; ref: string; inputs: Record<string, string> }> = [];
  readonly comments: Array<{ id: number; body: string; issue: number; performed_via_github_app: Record<string, unknown> | null; user?: Record<string, unknown> }> = [];
  readonly deploymentStatuses: Array<{ deploymentId: number; state: string; environment_url?: string; log_url?: string; writer?: Writer }> = [];
  private nextId = 1000;

  constructor(
    private readonly gh: MockGitHub,
    readonly owner = "Codertocat",
    readonly repo = "Hello-World",
  ) {}

  /** A new check run's id: above every one the fake holds, seeded ones included, as GitHub's ids grow. */
  private newCheckRunId(): number {
    const id = Math.max(this.nextId, ...this.checkRuns.map((run) => run.id + 1));
    this.nextId = id + 1;
    return id;
  }

  private get base(): string {
    return `/repos/${this.owner}/${this.repo}`;
  }

  /** `.github/envbranch.yml` on the default branch: a value (as YAML), raw text, or missing (404). */
  expectConfig(config: Record<string, unknown> | string | null, times = 1): Expectation {
    return this.gh.on(
      `GET ${this.base}/contents/{path}`,
      (call) => {
        if (call.params.path !== ".github/envbranch.yml") throw new Error(`unexpected content path ${call.params.path}`);
        if (call.query.ref !== undefined) throw new Error("config must be read from the default branch, without a ref");
        if (config === null) return { status: 404, body: { message: "Not Found" } };
        return { status: 200, body: typeof config === "string" ? config : stringify(config), headers: { "content-type": "application/vnd.github.raw; charset=utf-8" } };
      },
      { times },
    );
  }

  /**
   * The live branches under a prefix (`git/matching-refs`), each at `heads[name]` or, by default, at
   * the commit the tests push (so the pushed commit is the branch's head).
   */
  expectBranches(names: string[], heads: Record<string, string> = {}): Expectation {
    return this.gh.on(`GET ${this.base}/git/matching-refs/{ref}`, () => ({
      status: 200,
      body: names.map((n) => ({
        ref: `refs/heads/${n}`,
        node_id: "x",
        url: `https://api.github.com${this.base}/git/refs/heads/${n}`,
        object: { sha: heads[n] ?? DEFAULT_HEAD, type: "commit", url: "https://api.github.com/x" },
      })),
    }));
  }

  /** The check-run lookup on a commit, answered from the runs created so far and dated, as GitHub dates every answer. */
  expectCheckRunLookup(times = 1): Expectation {
    return this.gh.on(
      `GET ${this.base}/commits/{ref}/check-runs`,
      (call) => {
        // Filtered by app as GitHub filters `app_id`; a run a test adds without an `app` is this app's.
        const runs = this.checkRuns
          .map((r) => ({ app: OWN_APP, ...r }))
          .filter((r) => r.head_sha === call.params.ref && (call.query.check_name === undefined || r.name === call.query.check_name))
          .filter((r) => call.query.app_id === undefined || String(r.app.id) === call.query.app_id);
        return { status: 200, body: { total_count: runs.length, check_runs: runs }, headers: { date: new Date().toUTCString() } };
      },
      { times },
    );
  }

  /** A check run creation; the run is kept for later lookups. */
  expectCheckRunCreate(times = 1): Expectation {
    return this.gh.on(
      `POST ${this.base}/check-runs`,
      (call) => {
        const body = call.body as Record<string, unknown> & { output: { title: string; summary: string } };
        const run = {
          ...(exampleResponse("checks/create") as Record<string, unknown>),
          app: OWN_APP,
          id: this.newCheckRunId(),
          name: String(body.name),
          head_sha: String(body.head_sha),
          external_id: String(body.external_id),
          status: String(body.status ?? "queued"),
          conclusion: (body.conclusion as string | undefined) ?? null,
          output: { ...body.output },
          ...(body.actions ? { actions: body.actions } : {}),
        };
        this.checkRuns.push(run);
        return { status: 201, body: run };
      },
      { times },
    );
  }

  /** A check run update, applied to the kept run. */
  expectCheckRunUpdate(times = 1): Expectation {
    return this.gh.on(
      `PATCH ${this.base}/check-runs/{check_run_id}`,
      (call) => {
        const run = this.checkRuns.find((r) => r.id === Number(call.params.check_run_id));
        if (!run) return { status: 404, body: { message: "Not Found" } };
        const body = call.body as Record<string, unknown>;
        Object.assign(run, body, { output: { ...run.output, ...(body.output as object) } });
        return { status: 200, body: run };
      },
      { times },
    );
  }

  /** The deployments listing of an environment (newest first). */
  expectDeploymentList(times = 1): Expectation {
    return this.gh.on(
      `GET ${this.base}/deployments`,
      (call) => {
        const list = this.deployments
          .filter((d) => (call.query.environment === undefined || d.environment === call.query.environment) && (call.query.sha === undefined || d.sha === call.query.sha))
          .sort((a, b) => b.id - a.id)
          .slice(0, Number(call.query.per_page ?? 30));
        return { status: 200, body: list.map(({ writer, ...d }) => ({ ...(exampleResponse("repos/create-deployment") as object), ...writtenBy(writer), ...d })) };
      },
      { times },
    );
  }

  /** A deployment creation. */
  expectDeploymentCreate(): Expectation {
    return this.gh.on(`POST ${this.base}/deployments`, (call) => {
      const body = call.body as { ref: string; environment: string; payload: Record<string, unknown> };
      const deployment = { id: this.nextId++, sha: body.ref, ref: body.ref, environment: body.environment, payload: body.payload };
      this.deployments.push(deployment);
      return { status: 201, body: { ...(exampleResponse("repos/create-deployment") as object), ...writtenBy(undefined), ...deployment } };
    });
  }

  /** A workflow dispatch; `reply` overrides GitHub's answer (e.g. a 404 for a missing workflow). */
  expectDispatch(reply?: (call: GitHubCall) => { status: number; body?: unknown } | undefined): Expectation {
    return this.gh.on(`POST ${this.base}/actions/workflows/{workflow_id}/dispatches`, (call) => {
      const overridden = reply?.(call);
      if (overridden) return overridden;
      const body = call.body as { ref: string; inputs: Record<string, string>; return_run_details?: boolean };
      this.dispatches.push({ workflow: call.params.workflow_id ?? "", ref: body.ref, inputs: body.inputs });
      const runId = 5000 + this.dispatches.length;
      return body.return_run_details
        ? { status: 200, body: { workflow_run_id: runId, run_url: `https://api.github.com${this.base}/actions/runs/${runId}`, html_url: `https://github.com/${this.owner}/${this.repo}/actions/runs/${runId}` } }
        : { status: 204 };
    });
  }

  /** Reading one check run back by id. */
  expectCheckRunGet(): Expectation {
    return this.gh.on(`GET ${this.base}/check-runs/{check_run_id}`, (call) => {
      const run = this.checkRuns.find((r) => r.id === Number(call.params.check_run_id));
      return run ? { status: 200, body: { app: OWN_APP, ...run } } : { status: 404, body: { message: "Not Found" } };
    });
  }

  /**
   * A run's artifact: the listing, and the zip download answered, as GitHub does, with a redirect to
   * blob storage (mocked too). `files === null` lists no artifact.
   */
  expectArtifact(runId: number, name: string, files: Record<string, string> | null, options: { downloaded?: boolean } = {}): Expectation {
    const zip = files === null ? null : zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, new TextEncoder().encode(v)])));
    const listing = this.gh.on(`GET ${this.base}/actions/runs/${runId}/artifacts`, () => ({
      status: 200,
      body: zip === null ? { total_count: 0, artifacts: [] } : { total_count: 1, artifacts: [{ ...(exampleResponse("actions/get-artifact") as object), id: 77, name, expired: false, size_in_bytes: zip.length }] },
    }));
    if (zip === null || options.downloaded === false) return listing;
    this.gh.on(`GET ${this.base}/actions/artifacts/77/zip`, () => ({ status: 302, headers: { location: "https://blob.artifacts.test/artifact.zip?sig=x" } }));
    nock("https://blob.artifacts.test").get("/artifact.zip").query(true).reply(200, Buffer.from(zip), { "content-type": "application/zip" });
    return listing;
  }

  /** A deployment status creation. */
  expectDeploymentStatus(times = 1): Expectation {
    return this.gh.on(
      `POST ${this.base}/deployments/{deployment_id}/statuses`,
      (call) => {
        const body = call.body as { state: string; environment_url?: string; log_url?: string };
        this.deploymentStatuses.push({ deploymentId: Number(call.params.deployment_id), ...body });
        return { status: 201, body: { ...(exampleResponse("repos/create-deployment-status") as object), state: body.state } };
      },
      { times },
    );
  }

  /** Listing a pull request's comments. */
  expectCommentList(times = 1): Expectation {
    return this.gh.on(
      `GET ${this.base}/issues/{issue_number}/comments`,
      (call) => ({ status: 200, body: this.comments.filter((c) => c.issue === Number(call.params.issue_number)).map((c) => ({ ...(exampleResponse("issues/get-comment") as object), ...commentUser(c), ...c })) }),
      { times },
    );
  }

  /** Creating a comment, kept as the app's own. */
  expectCommentCreate(times = 1): Expectation {
    return this.gh.on(
      `POST ${this.base}/issues/{issue_number}/comments`,
      (call) => {
        const comment = { id: this.nextId++, body: (call.body as { body: string }).body, issue: Number(call.params.issue_number), performed_via_github_app: OWN_APP };
        this.comments.push(comment);
        return { status: 201, body: { ...(exampleResponse("issues/create-comment") as object), ...comment } };
      },
      { times },
    );
  }

  /** Editing a comment. */
  expectCommentUpdate(times = 1): Expectation {
    return this.gh.on(
      `PATCH ${this.base}/issues/comments/{comment_id}`,
      (call) => {
        const comment = this.comments.find((c) => c.id === Number(call.params.comment_id));
        if (!comment) return { status: 404, body: { message: "Not Found" } };
        comment.body = (call.body as { body: string }).body;
        return { status: 200, body: { ...(exampleResponse("issues/get-comment") as object), ...comment } };
      },
      { times },
    );
  }

  /** Listing a deployment's statuses, newest first, from the statuses created so far. */
  expectDeploymentStatusList(): Expectation {
    return this.gh.on(`GET ${this.base}/deployments/{deployment_id}/statuses`, (call) => ({
      status: 200,
      body: this.deploymentStatuses
        .filter((s) => s.deploymentId === Number(call.params.deployment_id))
        .reverse()
        .slice(0, Number(call.query.per_page ?? 30))
        .map((s) => ({ ...(exampleResponse("repos/create-deployment-status") as object), ...writtenBy(s.writer), state: s.state, environment_url: s.environment_url ?? "" })),
    }));
  }

  /**
   * The branches read again after a push's dispatch, to see where the branch went meanwhile: the last
   * dispatch's branch at `headSha` (by default the commit it was dispatched for, so it stayed put).
   */
  expectQueueCheck(headSha?: string): Expectation {
    return this.gh.on(`GET ${this.base}/git/matching-refs/{ref}`, () => {
      const last = this.dispatches.at(-1);
      const sha = headSha ?? (last ? (JSON.parse(last.inputs.spec ?? "{}") as { sha?: string }).sha : undefined) ?? DEFAULT_HEAD;
      const branch = last?.ref ?? "env-alice";
      return { status: 200, body: [{ ref: `refs/heads/${branch}`, node_id: "x", url: `https://api.github.com${this.base}/git/refs/heads/${branch}`, object: { sha, type: "commit", url: "https://api.github.com/x" } }] };
    });
  }

  /**
   * The check runs `startRun` creates: each creation, and the listing of the key's check runs right
   * after it (an earlier delivery's run is found there, and two deliveries at once settle on the lower id).
   */
  expectStartRun(times = 1): Expectation {
    this.expectCheckRunLookup(times);
    return this.expectCheckRunCreate(times);
  }

  /**
   * Listing the workflow's runs: a resumed delivery looks for the run an earlier one may have
   * started; an unlock asks which are in progress or queued. A `status` query gets the runs of that status.
   */
  expectWorkflowRunsList(runs: Array<{ id: number; display_title: string; status?: string }> = [], times = 1): Expectation {
    return this.gh.on(
      `GET ${this.base}/actions/workflows/{workflow_id}/runs`,
      (call) => {
        const listed = runs.filter((r) => call.query.status === undefined || r.status === call.query.status);
        const workflowRuns = listed.map((r) => ({ ...(exampleResponse("actions/get-workflow-run") as object), ...r, html_url: `https://github.com/${this.owner}/${this.repo}/actions/runs/${r.id}` }));
        return { status: 200, body: { total_count: listed.length, workflow_runs: workflowRuns } };
      },
      { times },
    );
  }
}

/** A deployment's or status's `creator` and `performed_via_github_app`: this app's bot unless another writer is given. */
function writtenBy(writer: Writer | undefined): { creator: Record<string, unknown>; performed_via_github_app: Record<string, unknown> | null } {
  return writer ? { creator: writer.account, performed_via_github_app: writer.app } : { creator: OWN_BOT, performed_via_github_app: OWN_APP };
}

/** A comment's `user`: as given, else this app's bot for what this app posted (GitHub pairs the two), else the example's person. */
function commentUser(comment: { performed_via_github_app: Record<string, unknown> | null; user?: Record<string, unknown> }): { user?: Record<string, unknown> } {
  if (comment.user) return { user: comment.user };
  return comment.performed_via_github_app?.id === OWN_APP.id ? { user: OWN_BOT } : {};
}
