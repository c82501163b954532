import type { Context } from "probot";
import { findLatestDeployment, latestDeploymentState } from "../adapters/github/deployments.js";
import type { GitHub, RepoRef } from "../adapters/github/github-client.js";
import { listBranchesWithPrefix } from "../adapters/github/list-branches.js";
import { loadConfig } from "../adapters/github/load-config.js";
import { pushNeedsTerraform } from "../decisions/decide-push-action.js";
import { DEFAULT_PREFIX, type PushEvent, type PushFacts } from "../decisions/decide-push.js";
import { decideSlugOwner, findRivals } from "../decisions/slug-owner.js";
import { detectPushedSetup } from "./detect-pushed-setup.js";
import { deriveEnvironment, isEnvironmentBranch, type Environment, type Repository } from "../environment/derive-environment.js";

/**
 * The reads a push needs, in one phase before any write: the config, the live branches with their
 * heads, and the environment's last deployment only where the decision needs it (a slug shared by
 * another branch; an app-only change). Reading stops as soon as a fact settles the push.
 */
export async function gatherPushFacts(
  context: Pick<Context, "config" | "octokit">,
  repository: Repository,
  push: PushEvent,
  /** Told the environment once it is known, so a failure from there on is shown on its check run. */
  onEnvironment: (environment: Environment) => void,
): Promise<PushFacts> {
  const repo: RepoRef = { owner: repository.owner, repo: repository.name };
  const loaded = await loadConfig(context, repo);
  if (loaded.status === "missing" && push.branch.startsWith(DEFAULT_PREFIX)) return { kind: "no-config", config: loaded, detected: await detectPushedSetup(context.octokit, repo, push.sha) };
  if (loaded.status !== "ok") return { kind: "no-config", config: loaded };
  const { config } = loaded;
  if (!isEnvironmentBranch(push.branch, config)) return { kind: "not-environment" };
  const derived = deriveEnvironment(push.branch, config, repository);
  if (!derived.ok) return { kind: "refused-branch", config, reason: derived.reason, ...(derived.suggestion ? { suggestion: derived.suggestion } : {}) };
  const { environment } = derived;
  onEnvironment(environment);
  const live = await listBranchesWithPrefix(context.octokit, repo, config.branchPrefix);
  const head = live.find((b) => b.name === push.branch)?.sha ?? null;
  const facts = { kind: "environment" as const, config, environment, head, rivals: [] as string[], deployedBranch: null, lastDeploymentState: null };
  if (head !== push.sha) return facts;
  const rivals = findRivals(push.branch, config.branchPrefix, environment.slug, live.map((b) => b.name));
  const deployedBranch = rivals.length > 0 ? ((await findLatestDeployment(context.octokit, repo, environment.githubEnvironment))?.branch ?? null) : null;
  const needsState = decideSlugOwner(push.branch, rivals, deployedBranch).ok && !pushNeedsTerraform(push, config.terraform.paths);
  const lastDeploymentState = !needsState ? null : await readLastDeploymentState(context.octokit, repo, environment.githubEnvironment);
  return { ...facts, rivals, deployedBranch, lastDeploymentState };
}

async function readLastDeploymentState(octokit: GitHub, repo: RepoRef, environment: string): Promise<string | null> {
  const latest = await findLatestDeployment(octokit, repo, environment);
  return latest ? latestDeploymentState(octokit, repo, latest.id) : null;
}
