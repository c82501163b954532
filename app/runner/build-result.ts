import type { Action, Spec } from "../spec/spec-schema.js";
import { EXIT_CODES, EXIT_OK } from "./exit-codes.js";
import type { RunFindings } from "./run-context.js";
import { RESULT_VERSION, resultSchema, type FailureKind, type LockInfo, type RunResult, type StepName, type StepRecord } from "./result-schema.js";

/** The failure, as the result records it. */
export interface FailureInput {
  kind: FailureKind;
  step: StepName | null;
  explanation: string;
  lock: LockInfo | null;
}

export interface ResultInput {
  action: Action | null;
  spec: Spec | null;
  findings: RunFindings;
  steps: readonly StepRecord[];
  failure: FailureInput | null;
  startedAt: Date;
  finishedAt: Date;
  totalMs: number;
}

/** Builds the result of a run from what it found; validated, so a malformed result is a runner bug caught here. */
export function buildResult(input: ResultInput): RunResult {
  const { spec, findings, failure } = input;
  const exitCode = failure ? EXIT_CODES[failure.kind] : EXIT_OK;
  const status = failure ? failedStatus(failure.kind) : findings.superseded ? "superseded" : "succeeded";
  const terraformMs = input.steps.filter((s) => s.kind === "terraform").reduce((sum, s) => sum + s.durationMs, 0);
  const result: RunResult = {
    version: RESULT_VERSION,
    action: input.action,
    status,
    exitCode,
    message: messageFor(input, status),
    correlationId: spec?.correlationId ?? null,
    repository: spec?.repository ?? null,
    branch: spec?.branch ?? null,
    environment: spec?.environment.githubEnvironment ?? null,
    sha: spec?.sha ?? null,
    stateKey: spec?.terraform.backend.key ?? null,
    terraformVersion: findings.terraformVersion,
    steps: [...input.steps],
    changes: findings.changes,
    outputs: findings.outputs,
    sensitiveOutputs: findings.sensitiveOutputs,
    plan: findings.plan,
    savedPlan: findings.savedPlan,
    erroredState: findings.erroredState,
    archive: findings.archive,
    snapshot: findings.snapshot,
    lock: failure?.lock ?? findings.lock,
    durations: { totalMs: Math.round(input.totalMs * 10) / 10, terraformMs: Math.round(terraformMs * 10) / 10 },
    startedAt: input.startedAt.toISOString(),
    finishedAt: input.finishedAt.toISOString(),
    failure: failure ? { kind: failure.kind, step: failure.step, exitCode, explanation: failure.explanation } : null,
  };
  return resultSchema.parse(result);
}

function failedStatus(kind: FailureKind): RunResult["status"] {
  if (kind === "refused" || kind === "cancelled") return kind;
  return "failed";
}

function messageFor(input: ResultInput, status: RunResult["status"]): string {
  const what = `${input.action ?? "run"}${input.spec ? ` of ${input.spec.environment.githubEnvironment}` : ""}`;
  if (status === "refused") return `${what} refused`;
  if (status === "cancelled") return `${what} cancelled${input.failure?.step ? ` during ${input.failure.step}` : ""}`;
  if (status === "failed") return `${what} failed: ${input.failure?.kind ?? "unknown"}`;
  const { changes, note, superseded } = input.findings;
  if (superseded && input.spec) {
    const { branch, sha } = input.spec;
    return `${what} superseded: ${branch} moved on from ${sha.slice(0, 7)} to ${superseded.head.slice(0, 7)} before Terraform started; nothing was changed, and the run of the branch's head takes over`;
  }
  const counts = changes
    ? ` (${Object.entries(changes.counts)
        .filter(([, n]) => n > 0)
        .map(([kind, n]) => `${n} to ${kind}`)
        .join(", ") || "no changes"})`
    : "";
  return `${what} succeeded${counts}${note ? `; ${note}` : ""}`;
}
