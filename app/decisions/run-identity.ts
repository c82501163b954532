import { ACTIONS, type Action } from "../spec/spec-schema.js";

// Every check-run name and `external_id` envbranch writes is made here, so a reader and a writer of
// one can never drift apart.
const NAME_PREFIX = "envbranch: ";

/** The check run name of an environment: one line per environment on every commit. */
export function checkRunName(githubEnvironment: string): string {
  return `${NAME_PREFIX}${githubEnvironment}`;
}

/** The environment an environment's check-run name names, or null for any other name. */
export function environmentOfCheckRun(name: string): string | null {
  return name.startsWith(NAME_PREFIX) ? name.slice(NAME_PREFIX.length) : null;
}

/** Where a failure is shown before the environment is known. */
export const SETUP_CHECK_RUN = "envbranch";

/** Where a missing or invalid config is shown. */
export const CONFIG_CHECK_RUN = `${NAME_PREFIX}configuration`;

/** The check run answering a press of "Apply this plan" on the check run `name`. */
export function applyRequestedName(name: string): string {
  return `${name} (apply requested)`;
}

/**
 * What a check run that stood down for another delivery's is renamed to: GitHub shows and requires the
 * newest check run of a name, so left under the environment's name it would hide the run that goes on.
 */
export function duplicateDeliveryName(name: string): string {
  return `${name} (duplicate delivery)`;
}

/** The check run answering a press of Retry on the check run `name`. */
export function retryRequestedName(name: string): string {
  return `${name} (retry requested)`;
}

/**
 * The idempotency key of one run: environment, commit and action. A redelivered webhook derives
 * the same key, finds the check run that carries it, and dispatches nothing.
 */
export function externalIdFor(slug: string, sha: string, action: Action): string {
  return `envbranch:${slug}:${sha}:${action}`;
}

/** The run a key names, or null for any other `external_id` (a refusal's, a button's, another app's). */
export function parseRunKey(externalId: string): { slug: string; sha: string; action: Action } | null {
  const match = /^envbranch:([a-z0-9-]{1,64}):([0-9a-f]{40}):([a-z]+)$/.exec(externalId);
  const action = ACTIONS.find((a) => a === match?.[3]);
  return match && action ? { slug: match[1]!, sha: match[2]!, action } : null;
}

/** The commit a failure before any run started (`externalIds.setup`) names, or null. */
export function parseSetupKey(externalId: string): { sha: string } | null {
  const match = /^envbranch:setup:([0-9a-f]{40})$/.exec(externalId);
  return match ? { sha: match[1]! } : null;
}

/** The environment and commit a destroy's failure before its run existed (`externalIds.teardown`) names, or null. */
export function parseTeardownKey(externalId: string): { slug: string; sha: string } | null {
  const match = /^envbranch:teardown:([a-z0-9-]{1,64}):([0-9a-f]{40})$/.exec(externalId);
  return match ? { slug: match[1]!, sha: match[2]! } : null;
}

/** The pull request and commit a pull request's failure check run (`externalIds.pullRequest`) names, or null. */
export function parsePullRequestKey(externalId: string): { number: number; sha: string } | null {
  const match = /^envbranch:pr:([1-9][0-9]{0,9}):([0-9a-f]{40})$/.exec(externalId);
  return match ? { number: Number(match[1]), sha: match[2]! } : null;
}

/**
 * The button a check run gets when an error left its work undone: pressing it does that work again,
 * authorised as what first asked for it. GitHub takes at most 20 characters of `label` and
 * `identifier` and 40 of `description` (checks/create in its OpenAPI description).
 */
export const RETRY_ACTION = { label: "Retry", description: "Do what an error left undone", identifier: "retry" } as const;

/**
 * The keys of the check runs that are not runs: a failure before any run started, a config, branch
 * or slug refusal, a branch deleted while the config is invalid, a destroy's failure before its run
 * existed, a pull request's failure or fork refusal, and a button press (its failure, and each
 * presser's answer). None can equal a run's key, so none makes a redelivery skip a run.
 */
export const externalIds = {
  setup: (sha: string) => `envbranch:setup:${sha}`,
  config: (sha: string) => `envbranch:config:${sha}`,
  refused: (sha: string) => `envbranch:refused:${sha}`,
  collision: (sha: string) => `envbranch:collision:${sha}`,
  deleted: (branch: string) => `envbranch:deleted:${branch}`,
  teardown: (slug: string, sha: string) => `envbranch:teardown:${slug}:${sha}`,
  pullRequest: (number: number, sha: string) => `envbranch:pr:${number}:${sha}`,
  fork: (number: number, sha: string) => `envbranch:fork:${number}:${sha}`,
  button: (checkRunId: number) => `envbranch:button:${checkRunId}`,
  retryPress: (checkRunId: number, login: string) => `envbranch:retry:${checkRunId}:${login}`,
  buttonPress: (checkRunId: number, login: string) => `envbranch:button:${checkRunId}:${login}`,
} as const;

/** The artifact a run uploads its result in, named by its correlation id (workflows-templates/envbranch.yml). */
export function resultArtifactName(correlationId: string): string {
  return `envbranch-${correlationId}`;
}
