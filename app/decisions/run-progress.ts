import type { SavedPlanRef } from "../spec/spec-schema.js";

/**
 * How far a run got. It is written into the check run's summary as a hidden marker, so a later
 * delivery (a redelivery, or the next one after a restart) resumes where the last one stopped and
 * never repeats a step that has been done: the check run is the app's only memory.
 */
export interface RunProgress {
  /** `stood-down`: this delivery's check run lost to another delivery's of the same push, which runs instead. */
  stage: "created" | "dispatched" | "dispatch-failed" | "fallback" | "state-archived" | "done" | "completed" | "stood-down";
  deploymentId?: number;
  /** The dispatch's correlation id, which the workflow run's name carries. */
  correlationId?: string;
  /** The pull request whose sticky comment follows this run. */
  pullRequest?: number;
  /** A plan of an environment that needs approval: its check run offers an "Apply this plan" button. */
  offerApply?: boolean;
  /** Who pushed the planned commit, so the button knows a self-approval when it sees one. */
  author?: string;
  /** For a push: the commit the branch moved from (a reset to an earlier commit is a new push of it). */
  before?: string;
  /** Once completed: the workflow run that reported it. */
  runId?: number;
  /** Once a plan completed: its saved plan, beside the state, and the sha256 an approval binds to. */
  savedPlan?: SavedPlanRef;
  /** Once completed: whether the run succeeded, so an apply can check its plan did. */
  outcome?: "succeeded" | "failed" | "refused" | "superseded" | "no-result";
}

const MARKER = /<!-- envbranch-progress (\{[^>]*\}) -->/;

/** The hidden marker for a progress record. */
export function progressMarker(progress: RunProgress): string {
  return `<!-- envbranch-progress ${JSON.stringify(progress)} -->`;
}

/** Reads progress back from a check-run summary; null when it carries none (not written by this version). */
export function readProgress(summary: string): RunProgress | null {
  const match = MARKER.exec(summary);
  if (!match?.[1]) return null;
  try {
    const value = JSON.parse(match[1]) as Partial<RunProgress>;
    return typeof value.stage === "string" ? (value as RunProgress) : null;
  } catch {
    return null;
  }
}

/** A check run of the same key, as the lookup returns it. */
export interface KeyedCheckRun {
  id: number;
  /** `in_progress`, `completed`, …: a run completed at stage `created` was stopped by a reported error. */
  status: string;
  summary: string;
  /** When GitHub created it (ISO), null when unknown. */
  startedAt: string | null;
}

/**
 * After a push's run was queued while the branch already pointed at a newer commit: whether the
 * newer commit must be dispatched again. Only when its own run was queued before ours, because then
 * ours runs after it (and stands down as superseded), leaving the newest commit unapplied. A newer
 * commit still being started, or never started yet, is dispatched after ours by its own delivery.
 */
export function mustRequeueHead(ownRunId: number, headRuns: readonly KeyedCheckRun[]): boolean {
  const markers = headRuns.map((r) => readProgress(r.summary)).filter((p): p is RunProgress => p !== null);
  if (markers.some((p) => p.stage === "created" || (p.runId !== undefined && p.runId > ownRunId))) return false;
  return markers.some((p) => p.runId !== undefined && p.runId < ownRunId);
}
