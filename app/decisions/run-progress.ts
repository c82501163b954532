/**
 * How far a run got. It is written into the check run's summary as a hidden marker, so a later
 * delivery (a redelivery, or the next one after a restart) resumes where the last one stopped and
 * never repeats a step that has been done: the check run is the app's only memory.
 */
export interface RunProgress {
  stage: "created" | "dispatched" | "dispatch-failed" | "fallback" | "state-archived" | "done" | "completed";
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
  /** Once completed: the workflow run and the artifact holding its result and saved plan. */
  runId?: number;
  artifact?: string;
  /** Once completed: whether the run succeeded, so an apply can check its plan did. */
  outcome?: "succeeded" | "failed" | "refused" | "superseded" | "cancelled" | "no-result";
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

export type NextStep = { kind: "start" } | { kind: "resume"; checkRunId: number; progress: RunProgress } | { kind: "skip"; reason: string };

/** A check run of the same key, as the lookup returns it. */
export interface KeyedCheckRun {
  id: number;
  summary: string;
  /** When GitHub created it (ISO), null when unknown. */
  startedAt: string | null;
}

/** How long a run at stage `created` counts as being started by another delivery rather than interrupted. */
export const IN_FLIGHT_MS = 60_000;

/** What the delivery at hand knows about itself. */
export interface Delivery {
  now: Date;
  /** An explicit command: start a new run even when one for the key exists. */
  force: boolean;
  /** For a push: the commit the branch moved from, which tells a new push of a commit from a redelivery. */
  pushBefore?: string;
}

/** Decides what a delivery does given the newest check run an earlier one left for the same key. */
export function decideNextStep(existing: KeyedCheckRun | null, delivery: Delivery): NextStep {
  if (!existing) return { kind: "start" };
  const progress = readProgress(existing.summary);
  if (delivery.force) return { kind: "start" };
  if (!progress) return { kind: "skip", reason: "a check run for this environment, commit and action exists" };
  // A branch reset to a commit it was at before is a new push of that commit, not a redelivery.
  if (delivery.pushBefore !== undefined && progress.before !== undefined && progress.before !== delivery.pushBefore) return { kind: "start" };
  switch (progress.stage) {
    case "dispatched":
    case "done":
    case "completed":
      return { kind: "skip", reason: `already ${progress.stage}` };
    case "created":
      if (isRecent(existing, delivery.now)) return { kind: "skip", reason: "another delivery is starting this run right now" };
      return { kind: "resume", checkRunId: existing.id, progress };
    default:
      return { kind: "resume", checkRunId: existing.id, progress };
  }
}

/**
 * Whether the check run just created loses to a sibling: two deliveries of the same push that both
 * found no check run each created one; the lowest id wins, the others stand down.
 */
export function losesToSibling(ownId: number, siblings: readonly KeyedCheckRun[], delivery: Delivery): boolean {
  return siblings.some((s) => {
    if (s.id >= ownId || !isRecent(s, delivery.now)) return false;
    const progress = readProgress(s.summary);
    return progress !== null && (progress.stage === "created" || progress.stage === "dispatched") && progress.before === delivery.pushBefore;
  });
}

function isRecent(run: KeyedCheckRun, now: Date): boolean {
  if (!run.startedAt) return false;
  const age = now.getTime() - Date.parse(run.startedAt);
  return age >= 0 && age < IN_FLIGHT_MS;
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
