import type { Context } from "probot";
import { loadConfig } from "../adapters/github/load-config.js";
import type { AppDeps } from "../app-deps.js";
import { isEnvironmentBranch } from "../environment/derive-environment.js";
import { readPushPayload } from "../webhooks/push-payload.js";
import { eventLog } from "../logging/event-log.js";
import type { SetTarget } from "./report-errors.js";
import { redrawDashboard } from "./redraw-dashboard.js";

type Handler<C extends Context> = (context: C, setTarget: SetTarget) => Promise<void>;
type Relevant<C extends Context> = (context: C, botLogin: () => Promise<string>) => Promise<boolean>;

/**
 * `handler`, then a request to redraw the repository's dashboard, also when the handler failed (what it
 * did before failing shows). Requests are coalesced per repository (deps.dashboards), so a burst of
 * events redraws once or twice; null dashboards draw nothing. `relevant` leaves out events that cannot
 * change an environment.
 */
export function redrawAfter<C extends Context>(deps: AppDeps, handler: Handler<C>, relevant: Relevant<C> = async () => true): Handler<C> {
  return async (context, setTarget) => {
    try {
      await handler(context, setTarget);
    } finally {
      // Caught here, so nothing of the redraw's request can hide the handler's own error.
      await requestRedraw(deps, context, relevant).catch((error: unknown) => context.log.warn({ err: error, delivery: context.id }, "dashboard redraw not requested"));
    }
  };
}

async function requestRedraw<C extends Context>(deps: AppDeps, context: C, relevant: Relevant<C>): Promise<void> {
  const repository = (context.payload as { repository?: { name: string; full_name: string; html_url: string; owner: { login: string } | null } }).repository;
  if (!deps.dashboards || !repository?.owner || !(await relevant(context, deps.botLogin))) return;
  const target = { owner: repository.owner.login, name: repository.name, url: repository.html_url };
  const log = eventLog(context, repository.full_name);
  deps.dashboards.request(`dashboard:${repository.full_name.toLowerCase()}`, log, () => redrawDashboard(context, target, log, deps.azure));
}

/** A workflow run can change an environment only when this app dispatched it, and so its bot triggered it. */
export async function triggeredByBot(context: Context<"workflow_run">, botLogin: () => Promise<string>): Promise<boolean> {
  return context.payload.workflow_run.triggering_actor?.login.toLowerCase() === (await botLogin()).toLowerCase();
}

/**
 * A push can change an environment only on an environment branch: a push elsewhere redraws nothing, so
 * it still costs no rate-limited call once the config is known (its read here is the handler's, a 304).
 */
export async function pushesEnvironment(context: Context<"push">): Promise<boolean> {
  const read = readPushPayload(context.payload);
  if (!read.ok || !read.push.ref.startsWith("refs/heads/")) return false;
  const { repository } = read.push;
  const loaded = await loadConfig(context, { owner: repository.owner.login, repo: repository.name });
  return loaded.status === "ok" && isEnvironmentBranch(read.push.ref.slice("refs/heads/".length), loaded.config);
}
