import type { Action } from "../spec/spec-schema.js";

/** The check run name of an environment: one line per environment on every commit. */
export function checkRunName(githubEnvironment: string): string {
  return `envbranch: ${githubEnvironment}`;
}

/**
 * The idempotency key of one run: environment, commit and action. A redelivered webhook derives
 * the same key, finds the check run that carries it, and dispatches nothing.
 */
export function externalIdFor(slug: string, sha: string, action: Action): string {
  return `envbranch:${slug}:${sha}:${action}`;
}
