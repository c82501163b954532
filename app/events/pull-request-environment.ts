import type { Context } from "probot";
import { loadConfig } from "../adapters/github/load-config.js";
import type { RepoConfig } from "../config/parse-config.js";
import { deriveEnvironment, isEnvironmentBranch, type Environment, type Repository } from "../environment/derive-environment.js";

/** The facts about a pull request that its plans and approvals depend on. */
export interface PullRequestFacts {
  number: number;
  author: string;
  headSha: string;
  baseRef: string;
  baseSha: string;
  /** The head lives in another repository: its code is never planned or applied with this repo's identity. */
  fromFork: boolean;
  open: boolean;
  merged: boolean;
  mergeCommitSha: string | null;
}

type PullRequestLike = {
  number: number;
  state: string;
  merged?: boolean | null;
  merge_commit_sha?: string | null;
  user: { login: string } | null;
  head: { sha: string; repo: { full_name: string } | null };
  base: { sha: string; ref: string; repo: { full_name: string } };
};

/** Reads the facts from a pull request as webhooks and the REST API both carry it. */
export function pullRequestFacts(pr: PullRequestLike): PullRequestFacts {
  return {
    number: pr.number,
    author: pr.user?.login ?? "",
    headSha: pr.head.sha,
    baseRef: pr.base.ref,
    baseSha: pr.base.sha,
    fromFork: pr.head.repo?.full_name !== pr.base.repo.full_name,
    open: pr.state === "open",
    merged: pr.merged === true,
    mergeCommitSha: pr.merge_commit_sha ?? null,
  };
}

/**
 * The environment a pull request targets: the config from the default branch, and the environment of
 * its base branch. Null (with the reason) when the base is no environment or the config is unusable.
 */
export async function pullRequestEnvironment(
  context: Pick<Context, "config" | "octokit">,
  repository: Repository,
  baseRef: string,
): Promise<{ ok: true; config: RepoConfig; environment: Environment } | { ok: false; reason: string }> {
  const loaded = await loadConfig(context, { owner: repository.owner, repo: repository.name });
  if (loaded.status !== "ok") return { ok: false, reason: `the config is ${loaded.status}` };
  if (!isEnvironmentBranch(baseRef, loaded.config)) return { ok: false, reason: `${baseRef} is not an environment branch` };
  const derived = deriveEnvironment(baseRef, loaded.config, repository);
  if (!derived.ok) return { ok: false, reason: derived.reason };
  return { ok: true, config: loaded.config, environment: derived.environment };
}
