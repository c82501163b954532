import type { FailureKind, LockInfo, StepName } from "./result-schema.js";

/** A failure the runner understands: it carries the kind, the step and the paragraph for the user. */
export class RunnerFailure extends Error {
  readonly kind: FailureKind;
  readonly step: StepName | null;
  readonly lock: LockInfo | null;

  constructor(kind: FailureKind, step: StepName | null, explanation: string, options?: { cause?: unknown; lock?: LockInfo | null }) {
    super(explanation, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "RunnerFailure";
    this.kind = kind;
    this.step = step;
    this.lock = options?.lock ?? null;
  }
}
