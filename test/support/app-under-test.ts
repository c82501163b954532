import type { ApplicationFunction } from "probot";
import envbranch from "../../app/index.js";
import type { AppDeps } from "../../app/app-deps.js";
import { BackgroundJobs } from "../../app/background/background-jobs.js";
import { loadExample, type WebhookPayload } from "./github/webhooks.js";

/** The bot login the test app believes is its own. */
export const TEST_BOT_LOGIN = "envbranch[bot]";

/** The envbranch app function with test dependencies: no Azure and no dashboard unless given, a job tracker to await. */
export function appWith(deps: Partial<AppDeps> = {}): { appFn: ApplicationFunction; jobs: BackgroundJobs } {
  const jobs = deps.jobs ?? new BackgroundJobs();
  const appFn: ApplicationFunction = (app, options) =>
    envbranch(app, { ...options, deps: { azure: null, azurePollIntervalMs: 1, botLogin: async () => TEST_BOT_LOGIN, now: () => new Date("2026-11-22T10:00:00Z"), dashboards: null, ...deps, jobs } });
  return { appFn, jobs };
}

/** A recorded push webhook, re-aimed at `branch` and commit `sha`, from an installation. */
export function pushPayload(branch: string, sha: string, changes: { created?: boolean; modified?: string[] } = {}): WebhookPayload<"push"> {
  const payload = loadExample("push", (p) => p.ref === "refs/heads/master" && p.installation !== undefined);
  payload.ref = `refs/heads/${branch}`;
  payload.after = sha;
  payload.created = changes.created ?? false;
  const [commit] = payload.commits;
  if (commit) {
    commit.id = sha;
    commit.added = [];
    commit.removed = [];
    commit.modified = changes.modified ?? ["terraform/main.tf"];
  }
  return payload;
}

/** A recorded delete webhook for a branch, from an installation. */
export function deletePayload(branch: string): WebhookPayload<"delete"> {
  const payload = loadExample("delete", (p) => p.installation !== undefined);
  payload.ref = branch;
  payload.ref_type = "branch";
  return payload;
}

/** A recorded `workflow_run` completed webhook for a run the app dispatched, named as the workflow names it. */
export function workflowRunPayload(runId: number, correlationId: string, conclusion: string, actor = TEST_BOT_LOGIN): WebhookPayload<"workflow_run"> {
  const payload = loadExample("workflow_run", (p) => p.action === "completed" && p.workflow_run.conclusion === "success");
  payload.installation = { id: 1, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==" };
  // The recorded payloads predate `display_title` (the run-name); GitHub sends it today.
  const run = payload.workflow_run as typeof payload.workflow_run & { display_title?: string };
  run.id = runId;
  run.display_title = `envbranch apply env-alice [${correlationId}]`;
  run.event = "workflow_dispatch";
  run.conclusion = conclusion as typeof run.conclusion;
  run.html_url = `https://github.com/${payload.repository.full_name}/actions/runs/${runId}`;
  if (run.triggering_actor) run.triggering_actor = { ...run.triggering_actor, login: actor, type: "Bot" };
  return payload;
}

/** A recorded pull_request webhook into `base` from a branch of the same repository. */
export function pullRequestPayload(action: "opened" | "synchronize" | "reopened" | "closed", base: string, headSha: string, number = 7): WebhookPayload<"pull_request"> {
  const payload = loadExample("pull_request", (p) => p.action === "opened" && p.installation !== undefined) as WebhookPayload<"pull_request">;
  const pr = payload.pull_request;
  (payload as { action: string }).action = action;
  payload.number = number;
  pr.number = number;
  pr.state = action === "closed" ? "closed" : "open";
  pr.base.ref = base;
  pr.head.sha = headSha;
  pr.head.ref = "feature-x";
  if (pr.head.repo) pr.head.repo.full_name = pr.base.repo.full_name;
  return payload;
}

/** A recorded issue_comment webhook on pull request `number`, by `login`. */
export function commentPayload(body: string, number = 7, login = "alice", action: "created" | "edited" | "deleted" = "created", userType = "User"): WebhookPayload<"issue_comment"> {
  const payload = loadExample("issue_comment", (p) => p.action === "created" && p.installation !== undefined);
  (payload as { action: string }).action = action;
  payload.issue.number = number;
  payload.issue.pull_request = { url: `https://api.github.com/repos/Codertocat/Hello-World/pulls/${number}`, html_url: "", diff_url: "", patch_url: "", merged_at: null };
  payload.comment.body = body;
  payload.comment.id = 4242;
  if (payload.comment.user) payload.comment.user = { ...payload.comment.user, login, type: userType as "User" };
  return payload;
}

/** A recorded check_run requested_action webhook: `login` pressed "Apply this plan" on a check run. */
export function applyButtonPayload(checkRun: { id: number; name: string; head_sha: string; summary: string }, branch: string, login: string): WebhookPayload<"check_run"> {
  const payload = loadExample("check_run", (p) => p.action === "requested_action") as WebhookPayload<"check_run"> & { requested_action: { identifier: string } };
  payload.requested_action = { identifier: "apply" };
  payload.installation = { id: 1, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==" };
  const run = payload.check_run;
  run.id = checkRun.id;
  run.name = checkRun.name;
  run.head_sha = checkRun.head_sha;
  run.output = { ...run.output, summary: checkRun.summary };
  if (run.check_suite) run.check_suite.head_branch = branch;
  payload.sender = { ...payload.sender, login, type: "User" };
  return payload;
}
