import type { Context } from "probot";
import { createCheckRun } from "../adapters/github/check-runs.js";
import { CONFIG_PATH } from "../adapters/github/load-config.js";
import type { AppDeps } from "../app-deps.js";
import { decideDelete } from "../decisions/decide-delete.js";
import { checkRunName, externalIds } from "../decisions/run-identity.js";
import { eventLog } from "../logging/event-log.js";
import { startRun } from "../runs/start-run.js";
import { fallBackThroughAzure } from "./fall-back-through-azure.js";
import { gatherDeleteFacts } from "./gather-delete-facts.js";
import { reportErrors } from "./report-errors.js";

/**
 * Deletion of an environment branch: gather the config and the last deployment, decide
 * (decideDelete), then dispatch `destroy` of the environment's last deployed commit on the default
 * branch; when that cannot be dispatched at all, fall back to Azure (fall-back-through-azure).
 */
export async function handleDelete(context: Context<"delete">, deps: AppDeps): Promise<void> {
  const { payload } = context;
  const owner = payload.repository.owner?.login;
  if (payload.ref_type !== "branch" || !owner) return;
  const repository = { owner, name: payload.repository.name };
  const repo = { owner, repo: repository.name };
  const branch = payload.ref.replace(/^refs\/heads\//, "");
  const logFor = (environment?: string) => eventLog(context, payload.repository.full_name, environment);

  await reportErrors(logFor(), async (setTarget) => {
    const effect = decideDelete(branch, CONFIG_PATH, await gatherDeleteFacts(context, { ...repository, defaultBranch: payload.repository.default_branch }, branch));
    if (effect.kind !== "destroy" && effect.log) logFor(effect.log.environment)[effect.log.level](effect.log.fields, effect.log.message);
    if (effect.kind === "check-run") await createCheckRun(context.octokit, repo, effect.sha, effect.name, effect.externalId, effect.content);
    if (effect.kind !== "destroy") return;
    const { config, environment, sha } = effect;
    const log = logFor(environment.githubEnvironment);
    // Not the destroy's own key: a failure reported under it would make the redelivery skip the destroy.
    setTarget({ octokit: context.octokit, repo, sha, name: checkRunName(environment.githubEnvironment), externalId: externalIds.setup(sha) });
    const outcome = await startRun({ octokit: context.octokit, log, repository, config, environment, action: "destroy", sha, dispatchRef: payload.repository.default_branch });
    // Only a workflow that cannot be dispatched at all justifies deleting through Azure; a passing fault is retried by redelivery.
    if (outcome.kind === "dispatch-failed" && outcome.permanent) {
      await fallBackThroughAzure({ octokit: context.octokit, repo, log, deps, config, environment, failed: outcome, jobKey: `teardown:${payload.repository.full_name}:${environment.slug}` });
    }
  });
}
