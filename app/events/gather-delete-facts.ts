import type { Context } from "probot";
import { findLatestDeployment } from "../adapters/github/deployments.js";
import { loadConfig } from "../adapters/github/load-config.js";
import type { DeleteFacts } from "../decisions/decide-delete.js";
import { DEFAULT_PREFIX } from "../decisions/decide-push.js";
import { deriveEnvironment, isEnvironmentBranch, type Repository } from "../environment/derive-environment.js";

/**
 * The reads a deleted branch needs: the config, then the environment's latest deployment (whose
 * commit a destroy destroys); with an invalid config, the default branch's head, to show it on.
 */
export async function gatherDeleteFacts(context: Pick<Context, "config" | "octokit">, repository: Repository & { defaultBranch: string }, branch: string): Promise<DeleteFacts> {
  const repo = { owner: repository.owner, repo: repository.name };
  const loaded = await loadConfig(context, repo);
  if (loaded.status === "missing") return { kind: "no-config", status: loaded.status };
  if (loaded.status === "invalid") {
    // The deleted branch's commits are gone from its ref: the default branch's head is where people look.
    const defaultHead = branch.startsWith(DEFAULT_PREFIX) ? (await context.octokit.rest.repos.getBranch({ ...repo, branch: repository.defaultBranch })).data.commit.sha : null;
    return { kind: "invalid-config", problems: loaded.problems, defaultHead };
  }
  if (!isEnvironmentBranch(branch, loaded.config)) return { kind: "not-environment" };
  const derived = deriveEnvironment(branch, loaded.config, repository);
  if (!derived.ok) return { kind: "no-environment" };
  const latest = await findLatestDeployment(context.octokit, repo, derived.environment.githubEnvironment);
  return { kind: "environment", config: loaded.config, environment: derived.environment, latest: latest ? { sha: latest.sha, branch: latest.branch } : null };
}
