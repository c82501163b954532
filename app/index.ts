import type { ApplicationFunctionOptions, Context, Probot } from "probot";
import { readAzureAccess } from "./adapters/azure/azure-access.js";
import { rememberBotLogin } from "./adapters/github/own-writes.js";
import { DEFAULT_READ_CACHE_BOUNDS, ReadCache } from "./adapters/github/read-cache.js";
import { revalidateReads } from "./adapters/github/revalidate-reads.js";
import type { AppDeps } from "./app-deps.js";
import { BackgroundJobs } from "./background/background-jobs.js";
import { CoalescedJobs } from "./background/coalesced-jobs.js";
import { handleApplyButton } from "./events/handle-apply-button.js";
import { handleComment } from "./events/handle-comment.js";
import { handleDashboardEdit, ticksDashboard } from "./events/handle-dashboard-edit.js";
import { handleDelete } from "./events/handle-delete.js";
import { handleInstallation } from "./events/handle-installation.js";
import { handleRetryButton } from "./events/handle-retry-button.js";
import { handlePullRequest } from "./events/handle-pull-request.js";
import { handlePush } from "./events/handle-push.js";
import { handleWorkflowRun } from "./events/handle-workflow-run.js";
import { pushesEnvironment, redrawAfter, triggeredByBot } from "./events/redraw-after.js";
import { healthz } from "./http/healthz.js";
import { environmentsPage } from "./web/environments-page.js";
import { RETRY_ACTION } from "./decisions/run-identity.js";
import { reportErrors, type SetTarget } from "./events/report-errors.js";
import { eventLog } from "./logging/event-log.js";

/**
 * The envbranch app: `probot run ./dist/app/index.js` loads it. `deps` is for tests and embedding;
 * by default the app reads its optional Azure access from the environment.
 */
export default function envbranch(app: Probot, options: Partial<ApplicationFunctionOptions> & { deps?: Partial<AppDeps> } = {}): void {
  const jobs = options.deps?.jobs ?? new BackgroundJobs();
  const deps: AppDeps = {
    azure: options.deps && "azure" in options.deps ? (options.deps.azure ?? null) : readAzureAccess(process.env, app.log),
    jobs,
    now: options.deps?.now ?? (() => new Date()),
    azurePollIntervalMs: options.deps?.azurePollIntervalMs ?? 10_000,
    botLogin: options.deps?.botLogin ?? memo(() => readBotLogin(app)),
    reads: options.deps?.reads ?? new ReadCache({ ...DEFAULT_READ_CACHE_BOUNDS, now: Date.now }),
    dashboards: options.deps && "dashboards" in options.deps ? (options.deps.dashboards ?? null) : new CoalescedJobs(jobs),
  };
  options.addHandler?.(healthz);
  options.addHandler?.(environmentsPage(app, process.env, deps));

  const guard = guardWith(deps);
  app.on("push", guard(redrawAfter(deps, (context, setTarget) => handlePush(context, setTarget), pushesEnvironment)));
  app.on("delete", guard(redrawAfter(deps, (context, setTarget) => handleDelete(context, deps, setTarget))));
  app.on(["installation.created", "installation_repositories.added"], guard((context) => handleInstallation(context, deps)));
  app.on(["pull_request.opened", "pull_request.synchronize", "pull_request.reopened", "pull_request.closed"], guard(redrawAfter(deps, (context, setTarget) => handlePullRequest(context, setTarget))));
  app.on("issues.edited", guard(redrawAfter(deps, (context, setTarget) => handleDashboardEdit(context, deps, setTarget), ticksDashboard)));
  app.on("issue_comment.created", guard((context, setTarget) => handleComment(context, deps, setTarget)));
  app.on(
    "check_run.requested_action",
    guard((context, setTarget) => (context.payload.requested_action?.identifier === RETRY_ACTION.identifier ? handleRetryButton(context, deps, setTarget) : handleApplyButton(context, setTarget))),
  );
  app.on("workflow_run.completed", guard(redrawAfter(deps, (context) => handleWorkflowRun(context, deps), triggeredByBot)));
}

/**
 * Every delivery's one error path: deliveries without a valid installation are dropped, and each
 * handler runs inside reportErrors, which logs what it throws with the delivery id and shows it where
 * the handler said (its check run, or a reply), so a bad delivery never crashes the process. It also
 * makes the reads every event repeats conditional (revalidateReads).
 */
const guardWith = (deps: AppDeps) => <C extends Context>(handler: (context: C, setTarget: SetTarget) => Promise<void>): ((context: C) => Promise<void>) => {
  return async (context) => {
    const repo = repoName(context.payload);
    const installation = (context.payload as { installation?: { id?: unknown } } | null)?.installation?.id;
    if (typeof installation !== "number" || !Number.isSafeInteger(installation) || installation <= 0) {
      // Without an installation Probot's client is unauthenticated: nothing of this delivery can be trusted.
      context.log.warn({ delivery: context.id, repo, environment: null }, "delivery without a valid installation; ignored");
      return;
    }
    rememberBotLogin(context.octokit, deps.botLogin);
    revalidateReads(context.octokit, deps.reads, String(installation));
    await reportErrors(eventLog(context, repo ?? "(unknown)"), (setTarget) => handler(context, setTarget));
  };
};

/** The app's bot login: `ENVBRANCH_BOT_LOGIN` when set, else `<slug>[bot]` from GitHub (one call per process). */
async function readBotLogin(app: Probot): Promise<string> {
  const configured = process.env.ENVBRANCH_BOT_LOGIN;
  if (configured) return configured;
  const octokit = await app.auth();
  const { data } = await octokit.rest.apps.getAuthenticated();
  if (!data?.slug) throw new Error("GitHub did not say what this app is called");
  return `${data.slug}[bot]`;
}

function memo<T>(load: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => {
    // A failed load is forgotten, so the next event tries again.
    value ??= load().catch((error: unknown) => {
      value = undefined;
      throw error;
    });
    return value;
  };
}

function repoName(payload: unknown): string | null {
  const repository = (payload as { repository?: { full_name?: unknown } } | null)?.repository;
  return typeof repository?.full_name === "string" ? repository.full_name : null;
}
