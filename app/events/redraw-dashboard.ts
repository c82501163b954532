import type { Context } from "probot";
import type { AzureAccess } from "../adapters/azure/azure-access.js";
import { closeDuplicateDashboard, createDashboardIssue, listDashboardIssues, updateDashboardIssue } from "../adapters/github/dashboard-issue.js";
import { loadConfig } from "../adapters/github/load-config.js";
import { decideDashboard } from "../decisions/decide-dashboard.js";
import { buildEnvironments } from "../decisions/environments-model.js";
import type { Log } from "../logging/event-log.js";
import { renderDashboard } from "../templates/dashboard-body.js";
import { gatherEnvironmentFacts } from "./gather-environment-facts.js";

/** The repository a dashboard is drawn for; `url` is its page on GitHub, which the links start from. */
export interface DashboardRepository {
  owner: string;
  name: string;
  url: string;
}

/**
 * Redraws a repository's dashboard issue from what GitHub holds now: gather the environments' facts,
 * build the model, render it, then write only what differs (decideDashboard). A repository without a
 * valid config, or with `dashboard: false`, gets nothing written. With the app's own Azure access, the
 * environments' state locks and archives are read too.
 */
export async function redrawDashboard(context: Pick<Context, "config" | "octokit">, repository: DashboardRepository, log: Log, azure: AzureAccess | null): Promise<void> {
  const repo = { owner: repository.owner, repo: repository.name };
  const loaded = await loadConfig(context, repo);
  if (loaded.status !== "ok" || !loaded.config.dashboard) return;
  const facts = await gatherEnvironmentFacts(context.octokit, repository, loaded.config, azure ? { azure, log } : null);
  const rendered = renderDashboard(buildEnvironments(facts), repository.url);
  const effect = decideDashboard(await listDashboardIssues(context.octokit, repo), rendered);
  if (effect.write?.kind === "create") log.info({ issue: await createDashboardIssue(context.octokit, repo, rendered.body) }, "dashboard issue opened");
  if (effect.write?.kind === "update") await updateDashboardIssue(context.octokit, repo, effect.write.number, rendered.body);
  for (const duplicate of effect.close) await closeDuplicateDashboard(context.octokit, repo, duplicate.number, duplicate.kept);
  if (effect.write?.kind === "update" || effect.close.length > 0) log.info({ issue: effect.write?.kind === "update" ? effect.write.number : null, closed: effect.close.map((c) => c.number) }, "dashboard issue redrawn");
}
