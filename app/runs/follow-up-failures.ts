import type { StartRunOutcome } from "./run-request.js";

/** The follow-ups of a start (and of the starts it made again) that could not be done: each is reported on its own. */
export function followUpFailures(outcome: StartRunOutcome): Error[] {
  if (outcome.kind !== "dispatched") return [];
  const { followUp } = outcome;
  if (followUp.kind === "failed") return [followUp.error];
  return followUp.kind === "requeued" ? followUpFailures(followUp.outcome) : [];
}
