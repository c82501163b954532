import type { Context } from "probot";

/** The logger every handler writes to. */
export type Log = Context["log"];

/**
 * A child logger whose every line carries the delivery id, the repository and, once known, the
 * environment, so one delivery can be followed through the logs of any replica.
 */
export function eventLog(context: Pick<Context, "id" | "log">, repo: string, environment?: string): Log {
  return context.log.child({ delivery: context.id, repo, environment: environment ?? null });
}
