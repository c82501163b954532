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
  /** Once completed: the workflow run and the artifact holding its result and saved plan. */
  runId?: number;
  artifact?: string;
  /** Once completed: whether the run succeeded, so an apply can check its plan did. */
  outcome?: "succeeded" | "failed" | "refused" | "no-result";
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

/** Decides what a delivery does given the check run an earlier one left for the same key. */
export function decideNextStep(existing: { id: number; summary: string } | null): NextStep {
  if (!existing) return { kind: "start" };
  const progress = readProgress(existing.summary);
  if (!progress) return { kind: "skip", reason: "a check run for this environment, commit and action exists" };
  switch (progress.stage) {
    case "dispatched":
    case "done":
    case "completed":
      return { kind: "skip", reason: `already ${progress.stage}` };
    default:
      return { kind: "resume", checkRunId: existing.id, progress };
  }
}
