import { archiveKeyFor, archiveState, newestArchive } from "../adapters/azure/archive-state.js";
import type { AzureAccess } from "../adapters/azure/azure-access.js";
import { deleteGroup, findTaggedGroups, resourceManager } from "../adapters/azure/resource-groups.js";
import { stateContainer } from "../adapters/azure/state-container.js";
import { updateCheckRun, type CheckRunContent } from "../adapters/github/check-runs.js";
import type { GitHub, RepoRef } from "../adapters/github/github-client.js";
import type { RepoConfig } from "../config/parse-config.js";
import { progressMarker, type RunProgress } from "../decisions/run-progress.js";
import type { Environment } from "../environment/derive-environment.js";
import type { Log } from "../logging/event-log.js";
import { inlineCode } from "../templates/markdown.js";
import { describe, StoppedRun } from "../errors/describe-error.js";
import { RETRY_ACTION } from "../decisions/run-identity.js";

export interface TearDownInput {
  octokit: GitHub;
  repo: RepoRef;
  log: Log;
  azure: AzureAccess;
  config: RepoConfig;
  environment: Environment;
  checkRunId: number;
  progress: RunProgress;
  now: () => Date;
  pollIntervalMs: number;
}

/**
 * Tears an environment down through Azure when its destroy workflow cannot run: first the state
 * blob is archived (copied, read back and compared before the original is deleted), then every
 * resource group carrying the environment's tags is deleted. Each finished step is recorded in the
 * check run, so an interrupted teardown resumes after the last one.
 */
export async function tearDownThroughAzure(input: TearDownInput): Promise<void> {
  const { octokit, repo, log, azure, config, environment: env, checkRunId } = input;
  const lines: string[] = ["The destroy workflow could not be dispatched, so envbranch is tearing the environment down through Azure."];
  const content = (progress: RunProgress, extra: { conclusion?: "success" | "failure"; title: string }): CheckRunContent => ({
    ...(extra.conclusion ? { conclusion: extra.conclusion } : { status: "in_progress" as const }),
    title: extra.title,
    summary: [progressMarker(progress), ...lines].join("\n\n"),
  });
  const report = (progress: RunProgress, extra: { title: string; conclusion?: "success" }) => updateCheckRun(octokit, repo, checkRunId, content(progress, extra));
  let progress: RunProgress = { ...input.progress, stage: input.progress.stage === "state-archived" ? "state-archived" : "fallback" };
  try {
    if (progress.stage === "fallback") {
      await report(progress, { title: `Archiving the state of ${env.githubEnvironment}` });
      lines.push(await archiveEnvironmentState(input));
      progress = { ...progress, stage: "state-archived" };
    }
    const client = resourceManager(azure.credential, config.azure.subscriptionId, config.azure.cloud, azure.resourceManagerEndpoint);
    const groups = await findTaggedGroups(client, {
      environment: env.tags.environment ?? env.slug,
      repository: env.tags.repository ?? "",
      "managed-by": "envbranch",
    });
    await report(progress, { title: `Deleting ${groups.length} resource group(s) of ${env.githubEnvironment}` });
    for (const group of groups) {
      await deleteGroup(client, group, input.pollIntervalMs);
      lines.push(`Deleted resource group ${inlineCode(group)}.`);
      log.info({ group }, "resource group deleted");
      await report(progress, { title: `Deleting resource groups of ${env.githubEnvironment}` });
    }
    if (groups.length === 0) lines.push("No resource group carries this environment's tags.");
    await report({ ...progress, stage: "done" }, { conclusion: "success", title: `${env.githubEnvironment} torn down through Azure` });
  } catch (error) {
    // The job's error path (fall-back-through-azure) writes this, so Retry resumes after the last step done.
    lines.push(`**Stopped:** ${describe(error)}. Press **Retry** on this check run to resume from here.`);
    const stopped = { ...content(progress, { conclusion: "failure", title: `Could not tear down ${env.githubEnvironment}` }), actions: [RETRY_ACTION] };
    throw new StoppedRun(`tearing ${env.githubEnvironment} down through Azure stopped`, checkRunId, stopped, { cause: error });
  }
}

/** Archives the environment's state blob (copied, read back and compared, then removed); returns the line that says where it went. */
async function archiveEnvironmentState(input: TearDownInput): Promise<string> {
  const { config, environment: env } = input;
  const container = stateContainer({ storageAccount: config.azure.state.storageAccount, container: config.azure.state.container, cloud: config.azure.cloud }, input.azure.state);
  const outcome = await archiveState(container, env.stateKey, archiveKeyFor(env.stateKey, input.now()));
  input.log.info({ outcome }, "state archived");
  if (outcome.status === "archived") return `State archived to ${inlineCode(outcome.archiveKey)} (${outcome.bytes} bytes, read back and compared) and removed from ${inlineCode(env.stateKey)}.`;
  // An attempt stopped right after archiving left no state blob: say where that copy went.
  const earlier = await newestArchive(container, env.stateKey);
  return earlier ? `State already archived to ${inlineCode(earlier)} by an earlier attempt.` : `No state blob at ${inlineCode(env.stateKey)}: nothing to archive.`;
}
