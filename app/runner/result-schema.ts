import { z } from "zod";
import { parseJsonWith } from "../spec/parse-json-with.js";
import { CHANGE_KINDS } from "../plan/plan-changes.js";
import { ACTIONS } from "../spec/spec-schema.js";

/**
 * The schema of `result.json`, the file every runner invocation leaves in its `--out` directory and
 * the workflow uploads as an artifact. The app downloads it on `workflow_run` completed and reads it
 * back with `parseResult`, so this module depends on nothing but zod and two lists of names.
 *
 * Compatibility: `RESULT_VERSION` is bumped whenever a change would make an older reader misread a
 * result (a field removed, renamed or given a new meaning). Adding an optional field does not bump it.
 */
export const RESULT_VERSION = 1;

/**
 * How the run ended. `refused`: the action was not allowed to run here (see `failure.explanation`).
 * `superseded`: a run of a push whose branch had moved on to another commit before Terraform
 * started; nothing was changed, and the branch's newer commit is applied by its own run (exit code
 * 0, no failure). Readers older than `superseded` reject such a result rather than misread it.
 */
export const RESULT_STATUSES = ["succeeded", "failed", "refused", "superseded"] as const;

/** The steps a run can take, in the order they happen. */
export const STEP_NAMES = ["version", "init", "plan", "show", "apply", "output", "unlock", "archive"] as const;
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
  "state-access-failed",
  "archive-failed",
  "terraform-failed",
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
    resources: z.array(z.strictObject({ address: z.string(), type: z.string(), kind: z.enum(CHANGE_KINDS) })),
  })
  .describe("What the plan changes, from `terraform show -json`; no-ops are left out.");

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
  /** File names inside the out directory, kept for upload as artifacts; null when not written. */
  files: z.strictObject({
    plan: z.string().nullable(),
    planJson: z.string().nullable(),
    /** Terraform's `errored.tfstate`, when it could not write state back to the blob. */
    erroredState: z.string().nullable(),
  }),
  /** For destroy: where the state went. */
  archive: archiveSchema.nullable(),
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

/** Reads a result file's text, naming the first problems when it is not a valid result of this version. */
export function parseResult(json: string): RunResult {
  return parseJsonWith(resultSchema, json, "the result file", `is not a version ${RESULT_VERSION} result`);
}
