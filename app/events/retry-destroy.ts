import type { Context } from "probot";
import { findLatestDeployment } from "../adapters/github/deployments.js";
import { CONFIG_PATH, loadConfig } from "../adapters/github/load-config.js";
import type { AppDeps } from "../app-deps.js";
import { decideDelete } from "../decisions/decide-delete.js";
import { deriveEnvironment } from "../environment/derive-environment.js";
import type { Log } from "../logging/event-log.js";
import { inlineCode } from "../templates/markdown.js";
import { authorizeRetry } from "./authorize-retry.js";
import { destroyEnvironment } from "./destroy-environment.js";
import type { CommandAnswer } from "./run-command.js";

/** A press of Retry on the check run of a destroy that an error stopped. */
export interface DestroyRetry {
  context: Pick<Context, "config" | "octokit">;
  log: Log;
  deps: AppDeps;
  repository: { owner: string; name: string; isOrganization: boolean; defaultBranch: string };
  /** The environment whose check run was pressed, and the destroy's key. */
  githubEnvironment: string;
  run: { slug: string; sha: string };
  actor: { login: string; type: "User" | "Bot" };
}

/**
 * Destroys a deleted branch's environment again, resuming the destroy (or its teardown through Azure)
 * where it stopped: only while the branch is still deleted and the destroy is still the one its
 * deletion decides (decideDelete, on envbranch's own last deployment), and only for someone who may
 * delete the branch (authorize-retry). The deployment names the branch the environment was made for.
 */
export async function retryDestroy(input: DestroyRetry): Promise<CommandAnswer | null> {
  const { context, repository, run } = input;
  const repo = { owner: repository.owner, repo: repository.name };
  const loaded = await loadConfig(context, repo);
  if (loaded.status !== "ok") return { kind: "refused", text: `Not done: ${CONFIG_PATH} is ${loaded.status}; fix it, then press Retry again.` };
  const latest = await findLatestDeployment(context.octokit, repo, input.githubEnvironment);
  const derived = latest?.branch ? deriveEnvironment(latest.branch, loaded.config, repository) : null;
  if (!latest?.branch || !derived?.ok || derived.environment.slug !== run.slug) return null;
  const effect = decideDelete(latest.branch, CONFIG_PATH, { kind: "environment", config: loaded.config, environment: derived.environment, latest });
  if (effect.kind !== "destroy" || effect.sha !== run.sha) return { kind: "skipped", text: `Nothing to retry: ${inlineCode(input.githubEnvironment)} was deployed again since, from ${inlineCode(latest.sha.slice(0, 7))}.` };
  const decision = await authorizeRetry(context.octokit, repository, effect.environment.policy, input.actor, { number: null, author: "", headSha: run.sha, fromFork: false, open: true });
  if (!decision.allowed) return { kind: "refused", text: `Not done: ${decision.reason}` };
  if (await branchExists(context, repo, latest.branch)) return { kind: "skipped", text: `Nothing to retry: ${inlineCode(latest.branch)} exists again, so its environment stays; delete the branch to destroy it.` };
  const outcome = await destroyEnvironment({ octokit: context.octokit, log: input.log, repository, deps: input.deps, config: effect.config, environment: effect.environment, sha: run.sha, defaultBranch: repository.defaultBranch });
  if (outcome.kind === "dispatched") return { kind: "started", text: `Destroying ${inlineCode(input.githubEnvironment)} again${outcome.run.runUrl ? `: [Workflow run](${outcome.run.runUrl})` : ""}.` };
  if (outcome.kind === "skipped") return { kind: "skipped", text: `Nothing to retry: ${outcome.reason}.` };
  return { kind: "failed", text: outcome.permanent ? `The workflow cannot be dispatched (${outcome.reason}); the destroy's check run says what happens instead.` : `Could not start it: ${outcome.reason}` };
}

async function branchExists(context: Pick<Context, "octokit">, repo: { owner: string; repo: string }, branch: string): Promise<boolean> {
  try {
    await context.octokit.rest.repos.getBranch({ ...repo, branch });
    return true;
  } catch (error) {
    // Only GitHub's "no such branch" says it is gone; anything else is the event's error.
    if ((error as { status?: unknown }).status === 404) return false;
    throw new Error(`could not tell whether ${branch} exists`, { cause: error });
  }
}
