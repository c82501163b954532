import type { z } from "zod";

/** The first problem of a payload that failed its schema, as `path: message`, for the log line that drops it. */
export function payloadProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue?.path.join(".") || "payload"}: ${issue?.message ?? "invalid"}`;
}
