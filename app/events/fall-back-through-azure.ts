import { AZURE_FEATURES } from "../adapters/azure/azure-access.js";
import { updateCheckRun } from "../adapters/github/check-runs.js";
import type { GitHub, RepoRef } from "../adapters/github/github-client.js";
import type { AppDeps } from "../app-deps.js";
import type { RepoConfig } from "../config/parse-config.js";
import type { Environment } from "../environment/derive-environment.js";
import type { Log } from "../logging/event-log.js";
import type { StartRunOutcome } from "../runs/run-request.js";
import { dispatchFailedCheckRun } from "../templates/run-check-run.js";
import { checkRunName, externalIds, RETRY_ACTION } from "../decisions/run-identity.js";
import { reportErrors } from "./report-errors.js";
import { tearDownThroughAzure } from "./tear-down-through-azure.js";

/**
 * A destroy whose workflow cannot be dispatched: with Azure access, the environment is torn down
 * through Azure as a background job; without, its check run says the resource group is still there.
 */
export async function fallBackThroughAzure(input: {
  octokit: GitHub;
  repo: RepoRef;
  log: Log;
  deps: AppDeps;
  config: RepoConfig;
  environment: Environment;
  failed: Extract<StartRunOutcome, { kind: "dispatch-failed" }>;
  jobKey: string;
}): Promise<void> {
  const { octokit, repo, log, deps, environment, failed } = input;
  const azure = deps.azure;
  if (!azure) {
    const hint = `The app has no Azure access (${AZURE_FEATURES} are off), so resource group ${environment.resourceGroup} is still there. Restore the workflow and press **Retry** on this check run, or delete the group by hand.`;
    await updateCheckRun(octokit, repo, failed.checkRunId, { ...dispatchFailedCheckRun(failed.spec, failed.reason, hint, failed.progress), actions: [RETRY_ACTION] });
    return;
  }
  // The job outlives the delivery, so it has an error path of its own: the same one, on the destroy's check run.
  const target = { octokit, repo, sha: failed.spec.sha, name: checkRunName(environment.githubEnvironment), externalId: externalIds.teardown(environment.slug, failed.spec.sha), checkRunId: failed.checkRunId };
  const teardown = { octokit, repo, log, azure, config: input.config, environment, checkRunId: failed.checkRunId, progress: failed.progress, now: deps.now, pollIntervalMs: deps.azurePollIntervalMs };
  deps.jobs.start(input.jobKey, log, () =>
    reportErrors(log, (setTarget) => {
      setTarget(target);
      return tearDownThroughAzure(teardown);
    }),
  );
}
