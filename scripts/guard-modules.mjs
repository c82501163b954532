import { readFileSync } from "node:fs";

/**
 * The modules that decide who may do what and what is safe: every mutant Stryker makes in them should
 * fail a test (issue 17). Shared by stryker.config.mjs and scripts/mutate-changed.mjs.
 */
export const GUARD_MODULES = [
  // Authorisation and commands.
  "app/commands/authorize-command.ts",
  "app/commands/command-permissions.ts",
  "app/commands/team-slug.ts",
  "app/commands/should-read-comment.ts",
  // Trust filters and the progress record.
  "app/adapters/github/own-app-id.ts",
  "app/adapters/github/check-runs.ts",
  "app/adapters/github/sticky-comment.ts",
  "app/decisions/run-progress.ts",
  "app/decisions/settle-delivery.ts",
  // Matching of workflow runs.
  "app/decisions/match-workflow-run.ts",
  // The Apply button and apply-on-merge.
  "app/events/handle-apply-button.ts",
  "app/events/handle-retry-button.ts",
  "app/events/apply-on-merge.ts",
  "app/decisions/standing-approvals.ts",
  // Plan redaction and sensitive values.
  "app/plan/display-value.ts",
  "app/runner/redact-outputs.ts",
  // Saved plans.
  "app/runner/verify-saved-plan.ts",
  "app/spec/saved-plan-keys.ts",
  // State archive and unlock.
  "app/adapters/azure/archive-state.ts",
  "app/runner/unlock-state.ts",
  // The runner's environment and refusals (of run-action.ts only the two functions that guard them).
  functionLines("app/runner/run-action.ts", "runUrlOf", "terraformEnv"),
  "app/runner/refuse-action.ts",
  "app/runner/write-stack-files.ts",
  // Webhook checks.
  "app/index.ts",
  "app/http/healthz.ts",
  "app/webhooks/push-payload.ts",
  // Start-up settings checks.
  "app/startup/check-startup-settings.ts",
  "app/startup/startup-settings.ts",
  "app/startup/check-private-key.ts",
];

/** The file of a `mutate` entry (`app/x.ts:12-30` → `app/x.ts`). */
export function fileOf(entry) {
  return entry.replace(/:\d+(-\d+)?$/, "");
}

/**
 * `file:first-last`, the lines from the first named top-level function to the end of the last one, found
 * in the source so the range follows edits (a function ends at the first line that is just `}`).
 */
function functionLines(file, firstName, lastName) {
  const lines = readFileSync(new URL(`../${file}`, import.meta.url), "utf8").split("\n");
  const start = (name) => {
    const index = lines.findIndex((line) => new RegExp(`^(export )?(async )?function ${name}\\b`).test(line));
    if (index < 0) throw new Error(`${file} has no top-level function ${name}; update scripts/guard-modules.mjs`);
    return index;
  };
  const first = start(firstName);
  const end = lines.findIndex((line, index) => index > start(lastName) && line === "}");
  return `${file}:${first + 1}-${end + 1}`;
}
