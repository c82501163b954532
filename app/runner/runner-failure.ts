import type { FailureKind, LockInfo, StepName } from "./result-schema.js";

/** A failure the runner understands: it carries the kind, the step and the paragraph for the user. */
export class RunnerFailure extends Error {
  readonly kind: FailureKind;
  readonly step: StepName | null;
  readonly lock: LockInfo | null;
  /** For `terraform-crashed`: the signal that killed Terraform. */
  readonly signal: NodeJS.Signals | null;

  constructor(
    kind: FailureKind,
    step: StepName | null,
    explanation: string,
    options?: { cause?: unknown; lock?: LockInfo | null; signal?: NodeJS.Signals | null },
  ) {
    super(explanation, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "RunnerFailure";
    this.kind = kind;
    this.step = step;
    this.lock = options?.lock ?? null;
    this.signal = options?.signal ?? null;
  }
}
