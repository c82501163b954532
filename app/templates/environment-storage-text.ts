import type { EnvironmentRecord } from "../decisions/environments-model.js";

/** How a view writes code and times: Markdown on the dashboard issue, HTML on the page. */
export interface TextFormat {
  /** Untrusted text (a lock holder, a blob name) as code, escaped for the view. */
  code(text: string): string;
  /** A time as the lock info wrote it, absolute; "" when it cannot be read. */
  time(text: string): string;
}

type StorageFields = Pick<EnvironmentRecord, "state" | "head" | "lock" | "archive" | "stateKept">;

/**
 * The held lock in words, the same on both views: who holds it, for what, since when, and the unlock
 * command with its ID. The command is left out while a run is under way (the lock is that run's) and
 * once the branch is gone (there is no pull request to comment on). "" when no lock is held or known.
 */
export function lockText(record: StorageFields, format: TextFormat): string {
  const { lock } = record;
  if (!lock) return "";
  const holder = lock.holder ? `locked by ${format.code(lock.holder)}` : "locked by a lease without Terraform lock info";
  // Terraform names operations `OperationTypeApply`; the type prefix says nothing to a reader.
  const operation = lock.operation ? ` for ${lock.operation.replace(/^OperationType/, "").toLowerCase()}` : "";
  const since = lock.since ? ` since ${format.time(lock.since) || format.code(lock.since)}` : "";
  const running = record.state === "applying" || record.state === "destroying";
  const unlock = running || record.head === null ? "" : `, ${format.code(lock.id ? `/envbranch unlock ${lock.id}` : "/envbranch unlock")}`;
  return `${holder}${operation}${since}${unlock}`;
}

/**
 * Where the state of an environment whose branch is gone went: its newest archive; for a destroyed
 * one without an archive, whether the state is still at its key. "" for live environments, while a
 * destroy has archived nothing yet, and when state storage was not read.
 */
export function archiveText(record: StorageFields, format: TextFormat): string {
  if (record.archive === undefined) return "";
  if (record.archive !== null) return `state archived to ${format.code(record.archive)}`;
  if (record.state !== "destroyed") return "";
  return record.stateKept ? "state not archived: it is still at its key" : "no state kept";
}
