import type { CheckRunContent } from "../adapters/github/check-runs.js";

/** The error's message with its causes, as one line a user can act on. */
export function describe(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error; e !== undefined && parts.length < 4; e = e instanceof Error ? e.cause : undefined) {
    parts.push(e instanceof Error ? e.message : String(e));
  }
  return parts.join(": ");
}

/**
 * An error that stopped a run whose check run exists, with what that check run must show: the
 * event's one error path (report-errors) writes it there, so the run keeps its progress record.
 */
export class StoppedRun extends Error {
  constructor(
    message: string,
    readonly checkRunId: number,
    readonly content: CheckRunContent,
    options: { cause: unknown },
  ) {
    super(message, options);
  }
}

/** The stopped run an error (or one of its causes) carries, if any. */
export function stoppedRunOf(error: unknown): StoppedRun | null {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    if (e instanceof StoppedRun) return e;
  }
  return null;
}
