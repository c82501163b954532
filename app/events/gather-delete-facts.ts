import type { Context } from "probot";
import { findLatestDeployment } from "../adapters/github/deployments.js";
import { loadConfig } from "../adapters/github/load-config.js";
import type { DeleteFacts } from "../decisions/decide-delete.js";
import { deriveEnvironment, isEnvironmentBranch, type Repository } from "../environment/derive-environment.js";

/** The reads a deleted branch needs: the config, then the environment's latest deployment (whose commit a destroy destroys). */
export async function gatherDeleteFacts(context: Pick<Context, "config" | "octokit">, repository: Repository, branch: string): Promise<DeleteFacts> {
  const repo = { owner: repository.owner, repo: repository.name };
  const loaded = await loadConfig(context, repo);
  if (loaded.status !== "ok") return { kind: "no-config", status: loaded.status };
  if (!isEnvironmentBranch(branch, loaded.config)) return { kind: "not-environment" };
  const derived = deriveEnvironment(branch, loaded.config, repository);
  if (!derived.ok) return { kind: "no-environment" };
  const latest = await findLatestDeployment(context.octokit, repo, derived.environment.githubEnvironment);
  return { kind: "environment", config: loaded.config, environment: derived.environment, latest: latest ? { sha: latest.sha, branch: latest.branch } : null };
}
