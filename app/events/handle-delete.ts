import type { Context } from "probot";
import { createCheckRun } from "../adapters/github/check-runs.js";
import { CONFIG_PATH } from "../adapters/github/load-config.js";
import type { AppDeps } from "../app-deps.js";
import { decideDelete } from "../decisions/decide-delete.js";
import { checkRunName, externalIds } from "../decisions/run-identity.js";
import { eventLog } from "../logging/event-log.js";
import { destroyEnvironment } from "./destroy-environment.js";
import { gatherDeleteFacts } from "./gather-delete-facts.js";
import type { SetTarget } from "./report-errors.js";

/**
 * Deletion of an environment branch: gather the config and the last deployment, decide
 * (decideDelete), then destroy the environment's last deployed commit (destroy-environment).
 */
export async function handleDelete(context: Context<"delete">, deps: AppDeps, setTarget: SetTarget): Promise<void> {
  const { payload } = context;
  const owner = payload.repository.owner?.login;
  if (payload.ref_type !== "branch" || !owner) return;
  const repository = { owner, name: payload.repository.name };
  const repo = { owner, repo: repository.name };
  const branch = payload.ref.replace(/^refs\/heads\//, "");
  const logFor = (environment?: string) => eventLog(context, payload.repository.full_name, environment);
  const effect = decideDelete(branch, CONFIG_PATH, await gatherDeleteFacts(context, { ...repository, defaultBranch: payload.repository.default_branch }, branch));
  if (effect.kind !== "destroy" && effect.log) logFor(effect.log.environment)[effect.log.level](effect.log.fields, effect.log.message);
  if (effect.kind === "check-run") await createCheckRun(context.octokit, repo, effect.sha, effect.name, effect.externalId, effect.content);
  if (effect.kind !== "destroy") return;
  const { config, environment, sha } = effect;
  // Not the destroy's own key: a failure reported under it would make the redelivery skip the destroy.
  setTarget({ octokit: context.octokit, repo, sha, name: checkRunName(environment.githubEnvironment), externalId: externalIds.teardown(environment.slug, sha), retry: true });
  await destroyEnvironment({ octokit: context.octokit, log: logFor(environment.githubEnvironment), repository, deps, config, environment, sha, defaultBranch: payload.repository.default_branch });
}
