import { z } from "zod";
import { parseJsonWith } from "../spec/parse-json-with.js";
import { CHANGE_KINDS } from "../plan/plan-changes.js";
import { ACTIONS } from "../spec/spec-schema.js";

/**
 * The schema of `result.json`, the file every runner invocation leaves in its `--out` directory and
 * the workflow uploads as the run's only artifact: it holds nothing secret (the plan summary is
 * masked; saved plans and errored states stay in the state storage account, named here by key). The app downloads it on `workflow_run` completed and reads it
 * back with `parseResult`, so this module depends on nothing but zod and two lists of names.
 *
 * Compatibility: `RESULT_VERSION` is bumped whenever a change would make an older reader misread a
 * result (a field removed, renamed or given a new meaning). Adding an optional field does not bump it.
 * 2: `files` (names in the artifact) gave way to `savedPlan`, `erroredState` and `plan` (the summary).
 */
export const RESULT_VERSION = 2;

/**
 * The plan summary's budget: GitHub takes 65,535 characters in a check run's summary or a comment,
 * and the app's own lines around the summary need the rest. A result with a longer one is refused.
 */
export const PLAN_SUMMARY_MAX_CHARS = 56_000;

/**
 * How the run ended. `refused`: the action was not allowed to run here (see `failure.explanation`).
 * `superseded`: a run of a push whose branch had moved on to another commit before Terraform
 * started; nothing was changed, and the branch's newer commit is applied by its own run (exit code
 * 0, no failure). `cancelled`: the runner was signalled (a cancelled job, a timeout) and stopped
 * Terraform gracefully; `failure` (kind `cancelled`) says where it stopped and what it left behind.
 * Readers older than a status reject such a result rather than misread it: an app that cannot
 * read a result reports the run by GitHub's conclusion alone (`cancelled`, here).
 */
export const RESULT_STATUSES = ["succeeded", "failed", "refused", "superseded", "cancelled"] as const;

/** The steps a run can take, in the order they happen. */
export const STEP_NAMES = ["version", "fetch-plan", "init", "plan", "show", "save-plan", "apply", "save-errored-state", "discard-plan", "output", "unlock", "archive", "state-pull", "state-push", "snapshot", "prune-snapshots", "restore"] as const;
export type StepName = (typeof STEP_NAMES)[number];

/**
 * Why a run failed. Each kind has its own process exit code (app/runner/exit-codes.ts) and its own
 * explanation paragraph (app/runner/explain-failure.ts).
 */
export const FAILURE_KINDS = [
  "usage",
  "invalid-spec",
  "refused",
  "runner-mismatch",
  "terraform-missing",
  "init-failed",
  "state-locked",
  "plan-failed",
  "apply-failed",
  "stale-plan",
  "saved-plan-missing",
  "saved-plan-rejected",
  "state-access-failed",
  "archive-failed",
  "terraform-failed",
  "cancelled",
  "terraform-crashed",
  "internal",
] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

const stepSchema = z
  .strictObject({
    name: z.enum(STEP_NAMES),
    /** `terraform`: a terraform child process; `storage`: a call to the state storage account. */
    kind: z.enum(["terraform", "storage"]),
    /** The process exit code for terraform steps; 0 or 1 for storage steps. */
    exitCode: z.number().int(),
    durationMs: z.number().nonnegative(),
    /** 1 unless the step was retried (only `init`, on transient failures). */
    attempt: z.number().int().positive(),
  })
  .describe("One step of the run; a retried step appears once per attempt.");

const lockSchema = z
  .strictObject({
    id: z.string(),
    who: z.string(),
    operation: z.string(),
    created: z.string(),
    path: z.string().optional(),
    version: z.string().optional(),
  })
  .describe("Terraform's lock info: who held (or holds) the state blob's lease.");

const countsSchema = z.strictObject(
  Object.fromEntries(CHANGE_KINDS.map((k) => [k, z.number().int().nonnegative()])) as Record<(typeof CHANGE_KINDS)[number], z.ZodNumber>,
);

const changesSchema = z
  .strictObject({
    /** Whether applying the plan would change anything (resources or outputs). */
    hasChanges: z.boolean(),
    counts: countsSchema,
  })
  .describe("What the plan changes, from `terraform show -json`; no-ops are left out.");

const planSummarySchema = z
  .strictObject({
    /** Terraform's plan line, e.g. "3 to add, 1 to change, 0 to destroy". */
    title: z.string().min(1),
    /** Markdown with sensitive values masked, within the budget of a check run or PR comment. */
    markdown: z.string().max(PLAN_SUMMARY_MAX_CHARS),
  })
  .describe("The plan summary the app posts: made by the runner, so the plan JSON never leaves the job.");

const savedPlanSchema = z
  .strictObject({ key: z.string().min(1), sha256: z.string().regex(/^[0-9a-f]{64}$/), bytes: z.number().int().nonnegative() })
  .describe("Where a plan run stored its saved plan (beside the state) and the hash an approval binds to.");

const erroredStateSchema = z
  .strictObject({
    /** The blob it was saved to, or null when that failed too (see `problem`). */
    key: z.string().nullable(),
    problem: z.string().nullable(),
  })
  .describe("Terraform's errored.tfstate, left when it could not write the state blob: the way back.");

const failureSchema = z.strictObject({
  kind: z.enum(FAILURE_KINDS),
  /** The step that failed, or null when the run failed before or outside any step. */
  step: z.enum(STEP_NAMES).nullable(),
  exitCode: z.number().int().positive(),
  /** One paragraph for a human: what happened, what state things are in, what to do. */
  explanation: z.string().min(1),
});

const archiveSchema = z.discriminatedUnion("status", [
  z.strictObject({ status: z.literal("archived"), archiveKey: z.string(), bytes: z.number().int().nonnegative() }),
  z.strictObject({ status: z.literal("no-state") }),
]);

const snapshotSchema = z
  .discriminatedUnion("status", [
    z.strictObject({
      status: z.literal("taken"),
      /** The snapshot's id (its timestamp), what `envbranch state restore --version` and `/envbranch restore` take. */
      snapshot: z.string().min(1),
      serial: z.number().int(),
      resources: z.number().int().nonnegative(),
      /** How many older snapshots were pruned after the run succeeded, beyond `terraform.snapshotRetention`. */
      pruned: z.number().int().nonnegative(),
    }),
    /** The state blob did not exist yet, or held no resources and no outputs (the first apply): nothing to snapshot. */
    z.strictObject({ status: z.literal("no-state") }),
  ])
  .describe("The snapshot of the state blob the run took before it changed the state: the way back.");

/** The result file. Every field is always present; absent values are null or empty. */
export const resultSchema = z.strictObject({
  version: z.literal(RESULT_VERSION),
  /** Null only when the spec could not be read at all. */
  action: z.enum(ACTIONS).nullable(),
  status: z.enum(RESULT_STATUSES),
  /** The runner's process exit code: 0 on success, otherwise the failure's code. */
  exitCode: z.number().int().nonnegative(),
  /** One line for a title or a log. */
  message: z.string().min(1),
  /** From the spec; null when the spec could not be read. */
  correlationId: z.string().nullable(),
  repository: z.string().nullable(),
  branch: z.string().nullable(),
  environment: z.string().nullable().describe("The GitHub environment, e.g. env-alice."),
  sha: z.string().nullable(),
  stateKey: z.string().nullable(),
  terraformVersion: z.string().nullable(),
  steps: z.array(stepSchema),
  changes: changesSchema.nullable(),
  /** `terraform output -json` values after apply or deploy; sensitive ones are the string `(sensitive)`. */
  outputs: z.record(z.string(), z.unknown()),
  /** Names of the outputs whose value was redacted. */
  sensitiveOutputs: z.array(z.string()),
  plan: planSummarySchema.nullable(),
  savedPlan: savedPlanSchema.nullable(),
  erroredState: erroredStateSchema.nullable(),
  /** For destroy: where the state went. */
  archive: archiveSchema.nullable(),
  /**
   * For apply, destroy and restore: the snapshot taken before the state changed; null when the run
   * changed nothing. The runner always writes it; a runner older than snapshots leaves it out, and
   * such a result reads as null rather than failing, since a repository re-pins its runner after the app updates.
   */
  snapshot: snapshotSchema.nullable().default(null),
  /** For unlock, and for a run that found the state locked. */
  lock: lockSchema.nullable(),
  durations: z.strictObject({
    totalMs: z.number().nonnegative(),
    /** Time spent inside terraform child processes. */
    terraformMs: z.number().nonnegative(),
  }),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  failure: failureSchema.nullable(),
});

export type RunResult = z.infer<typeof resultSchema>;
export type StepRecord = z.infer<typeof stepSchema>;
export type LockInfo = z.infer<typeof lockSchema>;
export type ResultChanges = z.infer<typeof changesSchema>;
export type ResultFailure = z.infer<typeof failureSchema>;
export type ResultPlanSummary = z.infer<typeof planSummarySchema>;
export type SavedPlanRecord = z.infer<typeof savedPlanSchema>;
export type ErroredStateRecord = z.infer<typeof erroredStateSchema>;
export type SnapshotRecord = z.infer<typeof snapshotSchema>;

/** Reads a result file's text, naming the first problems when it is not a valid result of this version. */
export function parseResult(json: string): RunResult {
  return parseJsonWith(resultSchema, json, "the result file", `is not a version ${RESULT_VERSION} result`);
}
