import type { LockInfo } from "./result-schema.js";

/**
 * Terraform's azurerm backend locks state by taking a lease on the state blob and writing its lock
 * info, base64-encoded JSON, into the blob's metadata under `terraformlockid`. The same info appears
 * in the "Lock Info:" block Terraform prints when it cannot get the lock.
 */
export const LOCK_METADATA_KEY = "terraformlockid";

interface TerraformLockJson {
  ID?: unknown;
  Who?: unknown;
  Operation?: unknown;
  Created?: unknown;
  Path?: unknown;
  Version?: unknown;
}

/** A blob's metadata without Terraform's lock info, to write back once the lock is gone. */
export function withoutLockInfo(metadata: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(metadata ?? {}).filter(([k]) => k.toLowerCase() !== LOCK_METADATA_KEY));
}

/** The lock info in a blob's metadata, or null when there is none or it cannot be read. */
export function lockFromMetadata(metadata: Record<string, string> | undefined): LockInfo | null {
  // Metadata names are case-insensitive in Azure; Azurite, for one, returns `Terraformlockid`.
  const entry = Object.entries(metadata ?? {}).find(([k]) => k.toLowerCase() === LOCK_METADATA_KEY);
  if (!entry) return null;
  let parsed: TerraformLockJson;
  try {
    parsed = JSON.parse(Buffer.from(entry[1], "base64").toString("utf8")) as TerraformLockJson;
  } catch {
    return null;
  }
  if (parsed === null || typeof parsed !== "object") return null;
  return lockInfo({
    id: parsed.ID,
    who: parsed.Who,
    operation: parsed.Operation,
    created: parsed.Created,
    path: parsed.Path,
    version: parsed.Version,
  });
}

/** The lock info from Terraform's "Error acquiring the state lock" output, or null when absent. */
export function lockFromTerraformOutput(stderr: string): LockInfo | null {
  const start = stderr.indexOf("Lock Info:");
  if (start < 0) return null;
  const fields: Record<string, string> = {};
  for (const line of stderr.slice(start).split("\n").slice(1)) {
    const match = /^\s*(ID|Path|Operation|Who|Version|Created|Info):\s*(.*)$/.exec(line);
    if (!match) {
      if (Object.keys(fields).length > 0 && line.trim() === "") break;
      continue;
    }
    fields[match[1]!] = match[2]!.trim();
  }
  return lockInfo({ id: fields.ID, who: fields.Who, operation: fields.Operation, created: fields.Created, path: fields.Path, version: fields.Version });
}

/** One line naming who holds a lock, for logs and explanations. */
export function describeLock(lock: LockInfo): string {
  return `${lock.who} (operation ${lock.operation}, since ${lock.created}, lock ID ${lock.id})`;
}

function lockInfo(raw: Record<"id" | "who" | "operation" | "created" | "path" | "version", unknown>): LockInfo | null {
  const text = (v: unknown) => (typeof v === "string" && v.length > 0 ? v : undefined);
  if (!text(raw.id) && !text(raw.who)) return null;
  const path = text(raw.path);
  const version = text(raw.version);
  return {
    id: text(raw.id) ?? "unknown",
    who: text(raw.who) ?? "unknown",
    operation: text(raw.operation) ?? "unknown",
    created: text(raw.created) ?? "unknown",
    ...(path ? { path } : {}),
    ...(version ? { version } : {}),
  };
}
