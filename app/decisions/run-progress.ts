import { z } from "zod";
import { savedPlanSchema } from "../spec/spec-schema.js";

/**
 * How far a run got. It is written into the check run's summary as a hidden marker, so a later
 * delivery (a redelivery, or the next one after a restart) resumes where the last one stopped and
 * never repeats a step that has been done: the check run is the app's only memory. This module owns
 * the record: its schema, its marker, and reading it back.
 */
const progressSchema = z.object({
  /** `stood-down`: this delivery's check run lost to another delivery's of the same push, which runs instead. */
  stage: z.enum(["created", "dispatched", "dispatch-failed", "fallback", "state-archived", "done", "completed", "stood-down"]),
  deploymentId: z.number().int().positive().optional(),
  /** The dispatch's correlation id, which the workflow run's name carries. */
  correlationId: z.string().regex(/^[a-z0-9-]{8,64}$/).optional(),
  /** The pull request whose sticky comment follows this run. */
  pullRequest: z.number().int().positive().optional(),
  /** A plan of an environment that needs approval: its check run offers an "Apply this plan" button. */
  offerApply: z.boolean().optional(),
  /** Who pushed the planned commit, so the button knows a self-approval when it sees one. */
  author: z.string().max(100).optional(),
  /** For `/envbranch unlock <lock ID>`: the lock it frees, so a retry frees only that one too. */
  lockId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/).optional(),
  /** For a push: the commit the branch moved from (a reset to an earlier commit is a new push of it). */
  before: z.string().min(1).max(64).optional(),
  /** For a push an error stopped before its run's check run existed: the branch pushed (as long as a push's ref may be), so Retry can handle the push again. */
  branch: z.string().min(1).max(1024).optional(),
  /** Once completed: the workflow run that reported it. */
  runId: z.number().int().positive().optional(),
  /** Once a plan completed: its saved plan, beside the state, and the sha256 an approval binds to. */
  savedPlan: savedPlanSchema.optional(),
  /** Once completed: whether the run succeeded, so an apply can check its plan did. */
  outcome: z.enum(["succeeded", "failed", "refused", "superseded", "cancelled", "no-result"]).optional(),
});
export type RunProgress = z.infer<typeof progressSchema>;

/**
 * The marker's version. 2: the record is base64url JSON, so nothing in it (a `>`, a quote, `-->`)
 * can end the HTML comment or be read as another field. Version 1 markers (raw JSON) are still read.
 */
const MARKER_VERSION = 2;
const MARKER = /^<!-- envbranch-progress v2 ([A-Za-z0-9_-]{1,8000}) -->/;
const LEGACY_MARKER = /^<!-- envbranch-progress (\{[^>]*\}) -->/;

/** The hidden marker for a progress record; it always opens the summary. */
export function progressMarker(progress: RunProgress): string {
  return `<!-- envbranch-progress v${MARKER_VERSION} ${Buffer.from(JSON.stringify(progressSchema.parse(progress))).toString("base64url")} -->`;
}

/** A summary's progress record: none, one that does not parse (with why), or the record. */
export type ProgressRead = { kind: "none" } | { kind: "invalid"; problem: string } | { kind: "ok"; progress: RunProgress };

/** Reads the progress record that opens a check-run summary; text later in the summary is never read as one. */
export function readProgressRecord(summary: string): ProgressRead {
  const current = MARKER.exec(summary);
  const legacy = current ? null : LEGACY_MARKER.exec(summary);
  const json = current?.[1] ? Buffer.from(current[1], "base64url").toString("utf8") : legacy?.[1];
  if (json === undefined) return summary.startsWith("<!-- envbranch-progress") ? { kind: "invalid", problem: "its progress marker is cut or malformed" } : { kind: "none" };
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { kind: "invalid", problem: "its progress marker is not JSON" };
  }
  const parsed = progressSchema.safeParse(value);
  if (!parsed.success) return { kind: "invalid", problem: `its progress record is not valid: ${parsed.error.issues.map((i) => `${i.path.join(".") || "record"}: ${i.message}`).join("; ")}` };
  return { kind: "ok", progress: parsed.data };
}

/** The progress record of a summary, or null when it has none or an unreadable one. */
export function readProgress(summary: string): RunProgress | null {
  const read = readProgressRecord(summary);
  return read.kind === "ok" ? read.progress : null;
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
