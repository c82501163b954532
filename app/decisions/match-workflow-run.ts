import { parseCorrelationId } from "../spec/render-spec.js";
import type { Action } from "../spec/spec-schema.js";

/** The parts of a `workflow_run` event that tell whether the run is one the app dispatched. */
export interface WorkflowRunFacts {
  displayTitle: string;
  event: string;
  triggeringActor: string | null;
}

export type RunMatch = { ok: true; correlationId: string; checkRunId: number; action: Action; slug: string } | { ok: false; reason: string };

/**
 * Matches a finished run to its dispatch: the run was dispatched (not pushed or scheduled), by the
 * app's own bot, and its name carries a correlation id in brackets. Anyone who can dispatch the
 * workflow could copy an id into a run of their own, so the actor check is what makes a result trusted.
 */
export function matchWorkflowRun(run: WorkflowRunFacts, botLogin: string): RunMatch {
  const id = /\[([a-z0-9-]{8,64})\]/.exec(run.displayTitle)?.[1];
  if (!id) return { ok: false, reason: "the run's name carries no envbranch correlation id" };
  if (run.event !== "workflow_dispatch") return { ok: false, reason: `the run was triggered by ${run.event}, not dispatched` };
  if (run.triggeringActor !== botLogin) return { ok: false, reason: `the run was started by ${run.triggeringActor ?? "nobody"}, not by ${botLogin}` };
  const parsed = parseCorrelationId(id);
  if (!parsed) return { ok: false, reason: `${id} is not a correlation id envbranch makes` };
  return { ok: true, correlationId: id, ...parsed };
}
