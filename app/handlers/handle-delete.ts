import type { Context } from "probot";
import { checkRunName, externalIds } from "../decisions/run-identity.js";
import { updateCheckRun } from "../adapters/github/check-runs.js";
import { findLatestDeployment } from "../adapters/github/deployments.js";
import { loadConfig } from "../adapters/github/load-config.js";
import { AZURE_FEATURES } from "../adapters/azure/azure-access.js";
import type { AppDeps } from "../app-deps.js";
import { deriveEnvironment, isEnvironmentBranch } from "../environment/derive-environment.js";
import { eventLog } from "../logging/event-log.js";
import { dispatchFailedCheckRun } from "../templates/run-check-run.js";
import { reportErrors } from "../events/report-errors.js";
import { startRun } from "../runs/start-run.js";
import { tearDownThroughAzure } from "./tear-down-through-azure.js";

/**
 * Deletion of an environment branch: dispatch `destroy` of the environment's last deployed commit
 * on the default branch; when that cannot be dispatched and the app has Azure access, tear the
 * environment down through Azure in the background.
 */
export async function handleDelete(context: Context<"delete">, deps: AppDeps): Promise<void> {
  const { payload } = context;
  const owner = payload.repository.owner?.login;
  if (payload.ref_type !== "branch" || !owner) return;
  const repository = { owner, name: payload.repository.name };
  const repo = { owner, repo: repository.name };
  const branch = payload.ref.replace(/^refs\/heads\//, "");
  const log = eventLog(context, payload.repository.full_name);

  await reportErrors(log, async (setTarget) => {
    const loaded = await loadConfig(context, repo);
    if (loaded.status !== "ok") {
      log.warn({ branch, config: loaded.status }, "branch deleted while the config is not usable; nothing destroyed");
      return;
    }
    const { config } = loaded;
    if (!isEnvironmentBranch(branch, config)) return;
    const derived = deriveEnvironment(branch, config, repository);
    if (!derived.ok) {
      log.info({ branch }, "deleted branch never had an environment");
      return;
    }
    const environment = derived.environment;
    const envLog = eventLog(context, payload.repository.full_name, environment.githubEnvironment);
    const latest = await findLatestDeployment(context.octokit, repo, environment.githubEnvironment);
    if (!latest) {
      envLog.info({ branch }, "environment was never deployed; nothing to destroy");
      return;
    }
    if (latest.branch !== null && latest.branch !== branch) {
      envLog.info({ branch, owner: latest.branch }, "environment belongs to another branch; not destroyed");
      return;
    }
    const sha = latest.sha;
    // Not the destroy's own key: a failure reported under it would make the redelivery skip the destroy.
    setTarget({ octokit: context.octokit, repo, sha, name: checkRunName(environment.githubEnvironment), externalId: externalIds.setup(sha) });

    const outcome = await startRun({
      octokit: context.octokit,
      log: envLog,
      repository,
      config,
      environment,
      action: "destroy",
      sha,
      dispatchRef: payload.repository.default_branch,
    });
    // Only a workflow that cannot be dispatched at all justifies deleting through Azure; a passing fault is retried by redelivery.
    if (outcome.kind !== "dispatch-failed" || !outcome.permanent) return;
    if (!deps.azure) {
      const hint = `The app has no Azure access (${AZURE_FEATURES} are off), so resource group ${environment.resourceGroup} is still there. Restore the workflow and redeliver this webhook, or delete the group by hand.`;
      await updateCheckRun(context.octokit, repo, outcome.checkRunId, dispatchFailedCheckRun(outcome.spec, outcome.reason, hint, outcome.progress));
      return;
    }
    const azure = deps.azure;
    deps.jobs.start(`teardown:${payload.repository.full_name}:${environment.slug}`, envLog, () =>
      tearDownThroughAzure({
        octokit: context.octokit,
        repo,
        log: envLog,
        azure,
        config,
        environment,
        checkRunId: outcome.checkRunId,
        progress: outcome.progress,
        now: deps.now,
        pollIntervalMs: deps.azurePollIntervalMs,
      }),
    );
  });
}
