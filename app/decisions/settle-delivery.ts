import { readProgress, readProgressRecord, type KeyedCheckRun, type RunProgress } from "./run-progress.js";

/**
 * How long a run left at stage `created`, its check run still in progress, counts as being started
 * by a delivery that is still at work rather than one that died. Measured on GitHub's clock alone.
 */
export const IN_FLIGHT_MS = 60_000;

/** What the delivery at hand knows about itself. */
export interface Delivery {
  /** An explicit command: start a new run even when one for the key exists. */
  force: boolean;
  /** For a push: the commit the branch moved from, which tells a new push of a commit from a redelivery. */
  pushBefore?: string;
}

/** The key's check runs, newest first, and when GitHub answered the lookup (its `Date` header), null when unknown. */
export interface KeyLookup {
  runs: readonly KeyedCheckRun[];
  answeredAt: string | null;
}

/** `unreadable`: the existing run's progress record does not parse, which someone should look at. */
export type NextStep = { kind: "start" } | { kind: "resume"; checkRunId: number; progress: RunProgress } | { kind: "skip"; reason: string; unreadable?: true };

/** The key's current run: the newest check run that did not stand down for another delivery's. */
export function currentRun<T extends KeyedCheckRun>(runs: readonly T[]): T | null {
  return runs.find((run) => readProgress(run.summary)?.stage !== "stood-down") ?? null;
}

/** Decides what a delivery does, from the check runs earlier deliveries left for its key. */
export function decideNextStep(lookup: KeyLookup, delivery: Delivery): NextStep {
  const existing = currentRun(lookup.runs);
  if (!existing || delivery.force) return { kind: "start" };
  const read = readProgressRecord(existing.summary);
  // Never started over on top of a run whose record cannot be read: say why, so it can be looked at.
  if (read.kind === "invalid") return { kind: "skip", reason: `check run ${existing.id} for this environment, commit and action exists, but ${read.problem}`, unreadable: true };
  if (read.kind === "none") return { kind: "skip", reason: "a check run for this environment, commit and action exists" };
  const { progress } = read;
  // A branch reset to a commit it was at before is a new push of that commit, not a redelivery.
  if (!samePush(progress, delivery)) return { kind: "start" };
  switch (progress.stage) {
    case "dispatched":
    case "done":
    case "completed":
      return { kind: "skip", reason: `already ${progress.stage}` };
    case "created":
      if (startingElsewhere(existing, lookup.answeredAt)) return { kind: "skip", reason: "another delivery is starting this run right now" };
      return { kind: "resume", checkRunId: existing.id, progress };
    default:
      return { kind: "resume", checkRunId: existing.id, progress };
  }
}

/**
 * Settles deliveries of one push that each found no run and each created a check run: listed after
 * its own create, a delivery stands down when the keyed check run just below its own id records the
 * same push; the lowest id of the push goes on. Ids, not clocks, decide (see test/bursts/ORDERING.md).
 * Returns the id the delivery gives way to, or null when it goes on.
 */
export function standDownFor(ownId: number, runs: readonly KeyedCheckRun[], delivery: Delivery): number | null {
  let winner: number | null = null;
  for (const run of [...runs].filter((r) => r.id < ownId).sort((a, b) => b.id - a.id)) {
    const progress = readProgress(run.summary);
    if (!progress || !samePush(progress, delivery)) break;
    winner = run.id;
  }
  return winner;
}

function samePush(progress: RunProgress, delivery: Delivery): boolean {
  return delivery.pushBefore === undefined || progress.before === undefined || progress.before === delivery.pushBefore;
}

/**
 * Whether a run at `created` is still being started by another delivery. A check run completed at
 * that stage was stopped by an error its delivery reported, so it is not; one still in progress is,
 * until GitHub's clock has moved a minute past its start. An age that cannot be read counts as in
 * flight: a stuck check run is visible and a push moves on, a second apply is not.
 */
function startingElsewhere(run: KeyedCheckRun, answeredAt: string | null): boolean {
  if (run.status === "completed") return false;
  if (!run.startedAt || !answeredAt) return true;
  return Date.parse(answeredAt) - Date.parse(run.startedAt) < IN_FLIGHT_MS;
}
