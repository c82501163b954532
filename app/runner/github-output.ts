import { randomUUID } from "node:crypto";
import type { RunResult } from "./result-schema.js";

/** The runner's own step outputs; a Terraform output by one of these names is not passed on. */
export const RUNNER_OUTPUT_KEYS = ["status", "action", "exit-code", "has-changes", "environment", "failure-kind", "url", "result-file"] as const;

/** What GitHub accepts as an output name. */
const OUTPUT_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** A heredoc delimiter; random, so a value cannot end its own heredoc early and write another output. */
export type NewDelimiter = () => string;
const randomDelimiter: NewDelimiter = () => `ENVBRANCH_EOF_${randomUUID()}`;

/**
 * Step outputs in `$GITHUB_OUTPUT` syntax: the runner's own keys, then every non-sensitive
 * Terraform output whose value is a string, under its own name, so the workflow's deploy job can
 * read `app_name`, `resource_group` and the like. Outputs with names GitHub would not accept, or
 * that clash with the runner's keys or with each other (GitHub compares names case-insensitively),
 * are left out. `url` is the runner's key for the stack's `url` output, when that is not sensitive.
 */
export function githubOutputLines(result: RunResult, resultFile: string, newDelimiter: NewDelimiter = randomDelimiter): string {
  const url = result.outputs.url;
  const sensitive = new Set(result.sensitiveOutputs);
  const own: Record<(typeof RUNNER_OUTPUT_KEYS)[number], string> = {
    status: result.status,
    action: result.action ?? "",
    "exit-code": String(result.exitCode),
    "has-changes": String(result.changes?.hasChanges ?? false),
    environment: result.environment ?? "",
    "failure-kind": result.failure?.kind ?? "",
    url: typeof url === "string" && !sensitive.has("url") ? url : "",
    "result-file": resultFile,
  };
  const entries: Array<[string, string]> = RUNNER_OUTPUT_KEYS.map((key) => [key, own[key]]);
  const taken = new Set<string>(RUNNER_OUTPUT_KEYS.map((key) => key.toLowerCase()));
  for (const [name, value] of Object.entries(result.outputs)) {
    if (typeof value !== "string" || sensitive.has(name) || !OUTPUT_NAME.test(name) || taken.has(name.toLowerCase())) continue;
    taken.add(name.toLowerCase());
    entries.push([name, value]);
  }
  return entries.map(([name, value]) => outputEntry(name, value, newDelimiter)).join("");
}

/**
 * One output: `name=value` when the value is one line; otherwise `name<<DELIMITER`, the value and
 * the delimiter on lines of their own, with a delimiter that occurs nowhere in the value.
 */
function outputEntry(name: string, value: string, newDelimiter: NewDelimiter): string {
  if (!/[\r\n]/.test(value)) return `${name}=${value}\n`;
  let delimiter = newDelimiter();
  for (let tries = 1; value.includes(delimiter); tries++) {
    if (tries >= 10) throw new Error(`could not find a heredoc delimiter for the output ${name} that its value does not contain`);
    delimiter = newDelimiter();
  }
  return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
}
