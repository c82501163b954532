import type { StateBlobFacts } from "../adapters/azure/state-blob-facts.js";
import type { CommitCheckRun } from "../adapters/github/check-runs.js";
import type { DeploymentStatusRecord } from "../adapters/github/deployments.js";
import { readPlanCounts, type PlanCounts } from "./plan-counts.js";
import { checkRunName, parseRunKey } from "./run-identity.js";
import { readProgress } from "./run-progress.js";

/** Where an environment is: a run under way, its last run's outcome, or gone. */
export type EnvironmentState = "applying" | "applied" | "plan-waiting" | "failed" | "destroying" | "destroyed";

/** A live environment branch, as derived from the config (branches that name no environment are left out). */
export interface LiveEnvironment {
  branch: string;
  slug: string;
  githubEnvironment: string;
  head: string;
}

/** This app's newest deployment of an environment and the newest status this app gave it. */
export interface EnvironmentDeploymentFacts {
  environment: string;
  branch: string | null;
  sha: string;
  createdAt: string;
  status: DeploymentStatusRecord | null;
}

/** An open pull request into a branch. */
export interface OpenPullRequest {
  number: number;
  base: string;
  title: string;
  url: string;
}

/** Everything the model is built from, each read filtered to this app's own writes. */
export interface EnvironmentFacts {
  branchPrefix: string;
  live: readonly LiveEnvironment[];
  deployments: readonly EnvironmentDeploymentFacts[];
  /** This app's check runs by commit: each live head, and the last deployed commit of each environment without a branch. */
  checkRuns: Readonly<Record<string, readonly CommitCheckRun[]>>;
  pullRequests: readonly OpenPullRequest[];
  /**
   * What state storage holds, by GitHub environment name: read only with the app's own Azure access,
   * so absent without it; an environment missing from it could not be read.
   */
  stateStorage?: Readonly<Record<string, StateBlobFacts>>;
}

/** Who holds an environment's state lock, from Terraform's lock info; null where the lock info does not say. */
export interface EnvironmentLock {
  holder: string | null;
  operation: string | null;
  /** When the lock was taken, as Terraform wrote it. */
  since: string | null;
  /** The lock ID, which `/envbranch unlock <ID>` takes. */
  id: string | null;
}

/** One environment as the dashboard shows it. */
export interface EnvironmentRecord {
  branch: string;
  slug: string;
  githubEnvironment: string;
  state: EnvironmentState;
  /** The live branch's head; null once the branch is deleted. */
  head: string | null;
  /** The commit of the newest deployment that succeeded, and when its status said so. */
  applied: { sha: string; at: string } | null;
  /** Who pushed the commit of the environment's latest run (its progress record's author). */
  pusher: string | null;
  url: string | null;
  run: { url: string; title: string } | null;
  plan: PlanCounts | null;
  pullRequests: OpenPullRequest[];
  /** The newest moment anything of the environment happened (ISO), for ordering; empty when nothing is known. */
  activityAt: string;
  /** The state's lock while its lease is held, else null; absent when state storage was not read. */
  lock?: EnvironmentLock | null;
  /** For an environment whose branch is gone: its newest archived state, else null; absent when not read, and for live ones. */
  archive?: string | null;
  /** For an environment whose branch is gone: whether a state blob is still at its key; absent as `archive` is. */
  stateKept?: boolean;
}

/**
 * One record per environment: every live environment branch, and every environment this app deployed
 * whose branch is gone (destroying, or destroyed). Newest activity first, then by branch name, so the
 * same facts always give the same list.
 */
export function buildEnvironments(facts: EnvironmentFacts): EnvironmentRecord[] {
  const deployments = new Map(facts.deployments.map((d) => [d.environment, d]));
  const live = facts.live.map((env) => record(env, env.head, deployments.get(env.githubEnvironment) ?? null, facts));
  const liveNames = new Set(facts.live.map((env) => env.githubEnvironment));
  const gone = facts.deployments
    .filter((d) => d.environment.startsWith(facts.branchPrefix) && !liveNames.has(d.environment))
    .map((d) => record({ branch: d.branch ?? d.environment, slug: d.environment.slice(facts.branchPrefix.length), githubEnvironment: d.environment }, null, d, facts));
  return [...live, ...gone].sort((a, b) => b.activityAt.localeCompare(a.activityAt) || a.branch.localeCompare(b.branch));
}

function record(env: Omit<LiveEnvironment, "head">, head: string | null, deployment: EnvironmentDeploymentFacts | null, facts: EnvironmentFacts): EnvironmentRecord {
  const commit = head ?? deployment?.sha ?? null;
  const run = commit === null ? null : (facts.checkRuns[commit]?.find((r) => r.name === checkRunName(env.githubEnvironment)) ?? null);
  const state = stateOf(run, deployment?.status ?? null, head !== null);
  const succeeded = deployment?.status?.state === "success" ? deployment.status : null;
  const progress = run ? readProgress(run.summary) : null;
  const times = [run?.completedAt, run?.startedAt, deployment?.createdAt, deployment?.status?.createdAt].filter((t): t is string => typeof t === "string");
  return {
    ...env,
    state,
    head,
    applied: deployment && succeeded ? { sha: deployment.sha, at: succeeded.createdAt } : null,
    pusher: progress?.author ?? null,
    url: succeeded && state !== "destroyed" ? succeeded.environmentUrl : null,
    run: run?.htmlUrl ? { url: run.htmlUrl, title: run.title } : null,
    plan: run ? readPlanCounts(run.title) : null,
    pullRequests: facts.pullRequests.filter((pr) => pr.base === env.branch),
    activityAt: times.sort().at(-1) ?? "",
    ...storageFields(facts.stateStorage?.[env.githubEnvironment], head !== null),
  };
}

/** The record's fields from state storage: none when it was not read, the archive only once the branch is gone. */
function storageFields(storage: StateBlobFacts | undefined, live: boolean): Pick<EnvironmentRecord, "lock" | "archive" | "stateKept"> {
  if (!storage) return {};
  const lock = storage.lock ? { holder: storage.lock.who, operation: storage.lock.operation, since: storage.lock.created, id: storage.lock.id } : null;
  return live ? { lock } : { lock, archive: storage.archive, stateKept: storage.exists };
}

/**
 * The environment's state from its latest check run, else from its newest deployment's status. A run
 * under way is applying (a plan included: it works towards an apply) or destroying; a finished run
 * says what happened. A branch that is gone is destroying until a destroy succeeds.
 */
export function stateOf(run: CommitCheckRun | null, status: DeploymentStatusRecord | null, live: boolean): EnvironmentState {
  const action = run?.externalId ? (parseRunKey(run.externalId)?.action ?? null) : null;
  const relevant = run !== null && (live ? action !== null : action === "destroy");
  if (run && relevant) {
    if (run.status !== "completed") return action === "destroy" ? "destroying" : "applying";
    if (run.conclusion === "failure" || run.conclusion === "cancelled") return "failed";
    if (run.conclusion === "success" && action === "destroy") return "destroyed";
    if (run.conclusion === "success" && action === "plan" && readProgress(run.summary)?.offerApply) return "plan-waiting";
    if (run.conclusion === "success" && action !== "plan") return "applied";
  }
  // A refusal (an invalid config, a branch name Azure cannot take) is a check run without a run's key.
  if (live && run && action === null && run.conclusion === "failure") return "failed";
  if (!live) return status?.state === "inactive" ? "destroyed" : "destroying";
  if (status?.state === "success") return "applied";
  if (status?.state === "failure" || status?.state === "error") return "failed";
  return "applying";
}
