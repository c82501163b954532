/** The error's message with its causes, as one line a user can act on. */
export function describe(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error; e !== undefined && parts.length < 4; e = e instanceof Error ? e.cause : undefined) {
    parts.push(e instanceof Error ? e.message : String(e));
  }
  return parts.join(": ");
}

/** An error that has already been shown to the user in its run's check run. */
export class ReportedError extends Error {}
