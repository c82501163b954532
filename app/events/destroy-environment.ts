import type { GitHub } from "../adapters/github/github-client.js";
import type { AppDeps } from "../app-deps.js";
import type { RepoConfig } from "../config/parse-config.js";
import type { Environment, Repository } from "../environment/derive-environment.js";
import type { Log } from "../logging/event-log.js";
import type { StartRunOutcome } from "../runs/run-request.js";
import { startRun } from "../runs/start-run.js";
import { fallBackThroughAzure } from "./fall-back-through-azure.js";

/**
 * Destroys a deleted branch's environment at its last deployed commit: dispatches `destroy` on the
 * default branch, or resumes the destroy an error stopped; when the workflow cannot be dispatched at
 * all, falls back to Azure (fall-back-through-azure). A passing fault leaves Retry on the check run.
 */
export async function destroyEnvironment(input: {
  octokit: GitHub;
  log: Log;
  repository: Repository;
  deps: AppDeps;
  config: RepoConfig;
  environment: Environment;
  sha: string;
  defaultBranch: string;
}): Promise<StartRunOutcome> {
  const { octokit, log, repository, config, environment } = input;
  const outcome = await startRun({ octokit, log, repository, config, environment, action: "destroy", sha: input.sha, dispatchRef: input.defaultBranch });
  if (outcome.kind === "dispatch-failed" && outcome.permanent) {
    const repo = { owner: repository.owner, repo: repository.name };
    await fallBackThroughAzure({ octokit, repo, log, deps: input.deps, config, environment, failed: outcome, jobKey: `teardown:${repository.owner}/${repository.name}:${environment.slug}` });
  }
  return outcome;
}
