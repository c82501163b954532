import type { ApplicationFunction } from "probot";
import envbranch from "../../app/index.js";
import type { AppDeps } from "../../app/app-deps.js";
import { BackgroundJobs } from "../../app/background/background-jobs.js";
import { loadExample, type WebhookPayload } from "./github/webhooks.js";

/** The envbranch app function with test dependencies: no Azure unless given, a job tracker to await. */
export function appWith(deps: Partial<AppDeps> = {}): { appFn: ApplicationFunction; jobs: BackgroundJobs } {
  const jobs = deps.jobs ?? new BackgroundJobs();
  const appFn: ApplicationFunction = (app, options) =>
    envbranch(app, { ...options, deps: { azure: null, azurePollIntervalMs: 1, now: () => new Date("2026-11-22T10:00:00Z"), ...deps, jobs } });
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
