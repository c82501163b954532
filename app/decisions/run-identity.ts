import type { Action } from "../spec/spec-schema.js";

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
 * The idempotency key of one run: environment, commit and action. A redelivered webhook derives
 * the same key, finds the check run that carries it, and dispatches nothing.
 */
export function externalIdFor(slug: string, sha: string, action: Action): string {
  return `envbranch:${slug}:${sha}:${action}`;
}

/**
 * The keys of the check runs that are not runs: a failure before any run started, a config, branch
 * or slug refusal, a branch deleted while the config is invalid, a pull request's failure or fork refusal, and a button press (its failure, and
 * each presser's answer). None can equal a run's key, so none makes a redelivery skip a run.
 */
export const externalIds = {
  setup: (sha: string) => `envbranch:setup:${sha}`,
  config: (sha: string) => `envbranch:config:${sha}`,
  refused: (sha: string) => `envbranch:refused:${sha}`,
  collision: (sha: string) => `envbranch:collision:${sha}`,
  deleted: (branch: string) => `envbranch:deleted:${branch}`,
  pullRequest: (number: number, sha: string) => `envbranch:pr:${number}:${sha}`,
  fork: (number: number, sha: string) => `envbranch:fork:${number}:${sha}`,
  button: (checkRunId: number) => `envbranch:button:${checkRunId}`,
  buttonPress: (checkRunId: number, login: string) => `envbranch:button:${checkRunId}:${login}`,
} as const;

/** The artifact a run uploads its result in, named by its correlation id (workflows-templates/envbranch.yml). */
export function resultArtifactName(correlationId: string): string {
  return `envbranch-${correlationId}`;
}
