import type { ApplicationFunctionOptions, Context, Probot } from "probot";
import { readAzureAccess } from "./adapters/azure/azure-access.js";
import type { AppDeps } from "./app-deps.js";
import { BackgroundJobs } from "./background/background-jobs.js";
import { handleApplyButton } from "./events/handle-apply-button.js";
import { handleComment } from "./events/handle-comment.js";
import { handleDelete } from "./events/handle-delete.js";
import { handleInstallation } from "./events/handle-installation.js";
import { handleRetryButton } from "./events/handle-retry-button.js";
import { handlePullRequest } from "./events/handle-pull-request.js";
import { handlePush } from "./events/handle-push.js";
import { handleWorkflowRun } from "./events/handle-workflow-run.js";
import { healthz } from "./http/healthz.js";

/**
 * The envbranch app: `probot run ./dist/app/index.js` loads it. `deps` is for tests and embedding;
 * by default the app reads its optional Azure access from the environment.
 */
export default function envbranch(app: Probot, options: Partial<ApplicationFunctionOptions> & { deps?: Partial<AppDeps> } = {}): void {
  const deps: AppDeps = {
    azure: options.deps && "azure" in options.deps ? (options.deps.azure ?? null) : readAzureAccess(process.env, app.log),
    jobs: options.deps?.jobs ?? new BackgroundJobs(),
    now: options.deps?.now ?? (() => new Date()),
    azurePollIntervalMs: options.deps?.azurePollIntervalMs ?? 10_000,
    botLogin: options.deps?.botLogin ?? memo(() => readBotLogin(app)),
  };
  options.addHandler?.(healthz);

  app.on("push", guard((context) => handlePush(context)));
  app.on("delete", guard((context) => handleDelete(context, deps)));
  app.on(["installation.created", "installation_repositories.added"], guard((context) => handleInstallation(context, deps)));
  app.on(["pull_request.opened", "pull_request.synchronize", "pull_request.reopened", "pull_request.closed"], guard((context) => handlePullRequest(context)));
  app.on("issue_comment.created", guard((context) => handleComment(context, deps)));
  app.on("check_run.requested_action", guard((context) => (context.payload.requested_action?.identifier === "retry" ? handleRetryButton(context) : handleApplyButton(context))));
  app.on("workflow_run.completed", guard((context) => handleWorkflowRun(context, deps)));
}

/**
 * Handlers catch and report their own errors; this last guard drops deliveries without a valid
 * installation and catches what escapes a handler, so a bad delivery is logged with its id and never
 * crashes the process.
 */
function guard<C extends Context>(handler: (context: C) => Promise<void>): (context: C) => Promise<void> {
  return async (context) => {
    const installation = (context.payload as { installation?: { id?: unknown } } | null)?.installation?.id;
    if (typeof installation !== "number" || !Number.isSafeInteger(installation) || installation <= 0) {
      // Without an installation Probot's client is unauthenticated: nothing of this delivery can be trusted.
      context.log.warn({ delivery: context.id, repo: repoName(context.payload), environment: null }, "delivery without a valid installation; ignored");
      return;
    }
    try {
      await handler(context);
    } catch (error) {
      context.log.error({ err: error, delivery: context.id, repo: repoName(context.payload), environment: null }, "unhandled error in webhook handler");
    }
  };
}

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
