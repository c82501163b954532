import { readProgress, readProgressRecord, type KeyedCheckRun, type RunProgress } from "./run-progress.js";

/**
 * How long a run left at stage `created`, its check run still in progress, counts as being started
 * by a delivery that is still at work rather than one that died. Measured on GitHub's clock alone.
 */
export const IN_FLIGHT_MS = 60_000;

/** What the delivery at hand knows about itself. */
export interface Delivery {
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
  if (!existing) return { kind: "start" };
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

/** What a delivery does once its own check run for the key exists. */
export type Settlement =
  | { kind: "go-on" }
  | { kind: "resume"; checkRunId: number; progress: RunProgress }
  | { kind: "stand-down"; reason: string; unreadable?: true };

/**
 * Settles a delivery that created its check run for the key and then listed the key's check runs:
 * only the runs below its own id count, since a higher one is a later delivery that will see this one.
 * The newest of them that did not stand down decides, as {@link decideNextStep} reads it: none (or one
 * of another push) and this delivery goes on; one being started, dispatched or finished and it stands
 * down; one an earlier delivery left unfinished and this delivery resumes it. Two deliveries of one push
 * at once thus settle on the lower id: the higher lists after its own create returned, when the lower
 * one exists and is either at work (so the higher stands down) or done. See test/bursts/ORDERING.md W2.
 */
export function settleDelivery(ownId: number, lookup: KeyLookup, delivery: Delivery): Settlement {
  const next = decideNextStep({ runs: lookup.runs.filter((run) => run.id < ownId), answeredAt: lookup.answeredAt }, delivery);
  if (next.kind === "start") return { kind: "go-on" };
  if (next.kind === "resume") return next;
  return { kind: "stand-down", reason: next.reason, ...(next.unreadable ? { unreadable: true as const } : {}) };
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
