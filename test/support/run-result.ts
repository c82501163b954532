import { summarizePlanText } from "../../app/plan/summarize-plan.js";
import { parseResult, PLAN_SUMMARY_MAX_CHARS, RESULT_VERSION, type ResultPlanSummary, type RunResult } from "../../app/runner/result-schema.js";

/** A valid runner result, as result.json carries it, with the given fields changed. */
export function runResult(overrides: Partial<RunResult> = {}): RunResult {
  const base: RunResult = {
    version: RESULT_VERSION,
    action: "apply",
    status: "succeeded",
    exitCode: 0,
    message: "apply succeeded",
    correlationId: null,
    repository: "Codertocat/Hello-World",
    branch: "env-alice",
    environment: "env-alice",
    sha: "6113728f27ae82c7b1a177c8d03f9e96e0adf246",
    stateKey: "envbranch/codertocat/hello-world/alice.tfstate",
    terraformVersion: "1.11.4",
    steps: [{ name: "init", kind: "terraform", exitCode: 0, durationMs: 900, attempt: 1 }],
    changes: { hasChanges: true, counts: { create: 1, update: 0, replace: 0, delete: 0, read: 0 } },
    outputs: { url: "https://app-helloworld-alice.azurewebsites.net", secret: "(sensitive)" },
    sensitiveOutputs: ["secret"],
    plan: null,
    savedPlan: null,
    erroredState: null,
    archive: null,
    snapshot: null,
    lock: null,
    durations: { totalMs: 2000, terraformMs: 1800 },
    startedAt: "2026-11-22T10:00:00.000Z",
    finishedAt: "2026-11-22T10:00:02.000Z",
    failure: null,
  };
  // Through the real schema, so a fixture the app could not read fails here, not in the app.
  return parseResult(JSON.stringify({ ...base, ...overrides }));
}

/** A small plan in Terraform's `show -json` format: one resource created, one output. */
export const SMALL_PLAN_JSON = JSON.stringify({
  format_version: "1.2",
  terraform_version: "1.11.4",
  resource_changes: [
    { address: "terraform_data.app", mode: "managed", type: "terraform_data", name: "app", provider_name: "terraform.io/builtin/terraform", change: { actions: ["create"], before: null, after: { input: "v1" }, after_unknown: { id: true }, before_sensitive: false, after_sensitive: {} } },
  ],
  output_changes: { url: { actions: ["create"], before: null, after: "https://app-helloworld-alice.azurewebsites.net", after_unknown: false, before_sensitive: false, after_sensitive: false } },
});

/** SMALL_PLAN_JSON summarised as the runner summarises it for the result. */
export function smallPlanSummary(): ResultPlanSummary {
  const { title, markdown } = summarizePlanText(SMALL_PLAN_JSON, { budget: PLAN_SUMMARY_MAX_CHARS });
  return { title, markdown };
}
