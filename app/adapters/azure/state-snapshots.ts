import type { BlobClient, ContainerClient } from "@azure/storage-blob";
import { streamToBuffer } from "./saved-plans.js";
import { storageStatusOf } from "./storage-status.js";

/**
 * Blob snapshots of a state blob, taken by the runner before every change. What a snapshot is
 * about lives in its own metadata (Azure copies none of the base blob's when metadata is given), so
 * a history is one listing, and only snapshots carrying `envbranchaction` are envbranch's to prune.
 */
const KEYS = {
  action: "envbranchaction",
  run: "envbranchrun",
  runUrl: "envbranchrunurl",
  sha: "envbranchsha",
  serial: "envbranchserial",
  lineage: "envbranchlineage",
  resources: "envbranchresources",
} as const;

/** Who took a snapshot and why. */
export interface SnapshotTag {
  /** The action about to change the state: apply, destroy, recover, restore. */
  action: string;
  /** The run's correlation id. */
  run: string;
  runUrl: string | null;
  sha: string;
}

/** What a state says about itself: its lineage, its serial and how many resource instances it holds. */
export interface StateFacts {
  lineage: string;
  serial: number;
  resources: number;
}

/** One snapshot of a state blob, as its listing shows it. */
export interface StateVersion extends Partial<SnapshotTag>, Partial<StateFacts> {
  /** The snapshot's timestamp, which is its id (`?snapshot=`). */
  snapshot: string;
  /** Whether envbranch took it (its metadata says so); only those are pruned. */
  ours: boolean;
}

export type SnapshotOutcome = ({ status: "taken"; snapshot: string } & StateFacts) | { status: "no-state" };

/**
 * The facts of a Terraform state's text, or null when it is not a state. Resources are counted as
 * Terraform's `state list` counts them: managed instances, data sources left out.
 */
export function stateFactsOf(text: string): StateFacts | null {
  let parsed: { lineage?: unknown; serial?: unknown; resources?: unknown };
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    return null;
  }
  if (typeof parsed?.lineage !== "string" || typeof parsed.serial !== "number") return null;
  const resources = Array.isArray(parsed.resources) ? (parsed.resources as Array<{ mode?: unknown; instances?: unknown }>) : [];
  const count = resources.filter((r) => r?.mode !== "data").reduce((sum, r) => sum + (Array.isArray(r.instances) ? r.instances.length : 0), 0);
  return { lineage: parsed.lineage, serial: parsed.serial, resources: count };
}

/**
 * Whether a state's text holds nothing to go back to: no resources and no outputs. Terraform's
 * azurerm backend writes such a state when `init` first meets an environment, so before the first
 * apply the blob exists but is empty.
 */
export function holdsNothing(text: string): boolean {
  let parsed: { resources?: unknown; outputs?: unknown };
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    return false;
  }
  const none = (value: unknown, empty: (v: object) => boolean) => value === undefined || value === null || (typeof value === "object" && empty(value));
  return none(parsed?.resources, (v) => Array.isArray(v) && v.length === 0) && none(parsed?.outputs, (v) => Object.keys(v).length === 0);
}

/**
 * Snapshots the state blob `key` as it is now, its facts and `tag` in the snapshot's metadata. The
 * state is read first and the snapshot taken only if the blob is still what was read (If-Match),
 * so the metadata describes the snapshot's bytes. No snapshot, and no error, when there is no
 * blob or it holds nothing (the first apply).
 */
export async function takeStateSnapshot(container: ContainerClient, key: string, tag: SnapshotTag, leaseId?: string): Promise<SnapshotOutcome> {
  const blob = container.getBlobClient(key);
  let text: string;
  let etag: string | undefined;
  try {
    const response = await blob.download(0, undefined, leaseId ? { conditions: { leaseId } } : {});
    etag = response.etag;
    text = (await streamToBuffer(response.readableStreamBody)).toString("utf8");
  } catch (error) {
    if (storageStatusOf(error) === 404) return { status: "no-state" };
    throw new Error(`could not read the state blob ${key} to snapshot it`, { cause: error });
  }
  if (text.trim() === "" || holdsNothing(text)) return { status: "no-state" };
  const facts = stateFactsOf(text) ?? { lineage: "", serial: -1, resources: 0 };
  try {
    const conditions = { ...(etag ? { ifMatch: etag } : {}), ...(leaseId ? { leaseId } : {}) };
    const response = await blob.createSnapshot({ metadata: snapshotMetadata(tag, facts), conditions });
    if (!response.snapshot) throw new Error("the storage account returned no snapshot id");
    return { status: "taken", snapshot: response.snapshot, ...facts };
  } catch (error) {
    throw new Error(`could not snapshot the state blob ${key}`, { cause: error });
  }
}

/** The snapshots of the state blob `key`, oldest first. */
export async function listStateVersions(container: ContainerClient, key: string): Promise<StateVersion[]> {
  const versions: StateVersion[] = [];
  try {
    for await (const item of container.listBlobsFlat({ prefix: key, includeSnapshots: true, includeMetadata: true })) {
      if (item.name !== key || !item.snapshot) continue;
      versions.push(versionOf(item.snapshot, item.metadata ?? {}));
    }
  } catch (error) {
    throw new Error(`could not list the snapshots of ${key}`, { cause: error });
  }
  // Snapshot ids are ISO timestamps of one width, so text order is time order.
  return versions.sort((a, b) => a.snapshot.localeCompare(b.snapshot));
}

/** The bytes of one snapshot of `key`, or null when there is no such snapshot. */
export async function readStateVersion(container: ContainerClient, key: string, snapshot: string): Promise<Buffer | null> {
  try {
    return await container.getBlobClient(key).withSnapshot(snapshot).downloadToBuffer();
  } catch (error) {
    if (storageStatusOf(error) === 404) return null;
    throw new Error(`could not read snapshot ${snapshot} of ${key}`, { cause: error });
  }
}

/** Deletes envbranch's snapshots of `key` beyond the newest `keep`; returns the ids deleted. Others' snapshots are left alone. */
export async function pruneStateVersions(container: ContainerClient, key: string, keep: number): Promise<string[]> {
  const ours = (await listStateVersions(container, key)).filter((v) => v.ours);
  const old = ours.slice(0, Math.max(0, ours.length - keep));
  for (const version of old) {
    try {
      await container.getBlobClient(key).withSnapshot(version.snapshot).deleteIfExists();
    } catch (error) {
      throw new Error(`could not delete snapshot ${version.snapshot} of ${key}`, { cause: error });
    }
  }
  return old.map((v) => v.snapshot);
}

/**
 * Copies the snapshots of `source` onto `target`, oldest first, each as a snapshot of `target` with
 * its own metadata and `snapshotof` naming the original: an archived state keeps its history.
 * Returns how many were copied; `target` is left holding the newest snapshot's bytes.
 */
export async function copyStateVersions(container: ContainerClient, source: string, target: string): Promise<number> {
  const versions = await listStateVersions(container, source);
  const to = container.getBlockBlobClient(target);
  for (const version of versions) {
    const bytes = await readStateVersion(container, source, version.snapshot);
    if (!bytes) continue;
    const metadata = { ...metadataOf(version), snapshotof: version.snapshot };
    try {
      await to.uploadData(bytes, { metadata });
      await to.createSnapshot({ metadata });
    } catch (error) {
      throw new Error(`could not copy snapshot ${version.snapshot} of ${source} to ${target}`, { cause: error });
    }
  }
  return versions.length;
}

/** Deletes a blob together with its snapshots (Azure refuses to delete a blob that has any otherwise). */
export async function deleteWithSnapshots(blob: BlobClient): Promise<void> {
  await blob.delete({ deleteSnapshots: "include" });
}

function snapshotMetadata(tag: SnapshotTag, facts: StateFacts): Record<string, string> {
  return {
    [KEYS.action]: ascii(tag.action),
    [KEYS.run]: ascii(tag.run),
    ...(tag.runUrl ? { [KEYS.runUrl]: ascii(tag.runUrl) } : {}),
    [KEYS.sha]: ascii(tag.sha),
    [KEYS.serial]: String(facts.serial),
    [KEYS.lineage]: ascii(facts.lineage),
    [KEYS.resources]: String(facts.resources),
  };
}

function metadataOf(version: StateVersion): Record<string, string> {
  if (!version.ours) return {};
  const tag = { action: version.action ?? "", run: version.run ?? "", runUrl: version.runUrl ?? null, sha: version.sha ?? "" };
  return snapshotMetadata(tag, { lineage: version.lineage ?? "", serial: version.serial ?? -1, resources: version.resources ?? 0 });
}

function versionOf(snapshot: string, raw: Record<string, string>): StateVersion {
  // Metadata names are case-insensitive in Azure; Azurite capitalises them.
  const metadata = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k.toLowerCase(), v]));
  const number = (value: string | undefined) => (value !== undefined && /^-?\d+$/.test(value) ? Number(value) : undefined);
  const serial = number(metadata[KEYS.serial]);
  const resources = number(metadata[KEYS.resources]);
  return {
    snapshot,
    ours: metadata[KEYS.action] !== undefined,
    ...(metadata[KEYS.action] !== undefined ? { action: metadata[KEYS.action] } : {}),
    ...(metadata[KEYS.run] !== undefined ? { run: metadata[KEYS.run] } : {}),
    ...(metadata[KEYS.runUrl] !== undefined ? { runUrl: metadata[KEYS.runUrl] } : {}),
    ...(metadata[KEYS.sha] !== undefined ? { sha: metadata[KEYS.sha] } : {}),
    ...(serial !== undefined && serial >= 0 ? { serial } : {}),
    ...(metadata[KEYS.lineage] ? { lineage: metadata[KEYS.lineage] } : {}),
    ...(resources !== undefined ? { resources } : {}),
  };
}

// Metadata travels in HTTP headers: anything outside printable ASCII would be rejected.
function ascii(value: string): string {
  return value.replace(/[^\x20-\x7e]/g, "_");
}
