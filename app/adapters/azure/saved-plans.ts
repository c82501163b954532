import type { ContainerClient } from "@azure/storage-blob";
import { storageStatusOf } from "./storage-status.js";

/** What a saved plan's blob records about itself, beside its bytes (blob metadata, lowercase keys). */
export interface SavedPlanMetadata {
  /** The state blob the plan was made against. */
  statekey: string;
  /** The commit that was planned. */
  sha: string;
  /** The run that made it. */
  correlationid: string;
  /** `pr-<n>` for a pull request's plans, `branch` for a push's: a newer plan of one source replaces the older ones. */
  source: string;
}

/** A saved plan read back from storage. */
export interface StoredPlan {
  bytes: Buffer;
  metadata: Partial<SavedPlanMetadata>;
  createdOn: Date | null;
}

/** Stores a saved plan (or an errored state: any secret file of a run) under `key`, with its metadata. */
export async function uploadRunFile(container: ContainerClient, key: string, bytes: Buffer, metadata: Record<string, string>): Promise<void> {
  try {
    await container.getBlockBlobClient(key).uploadData(bytes, { metadata });
  } catch (error) {
    throw new Error(`could not write ${key} to the state container`, { cause: error });
  }
}

/** A saved plan with its metadata and creation time, or null when there is no such blob. */
export async function downloadSavedPlan(container: ContainerClient, key: string): Promise<StoredPlan | null> {
  const blob = container.getBlockBlobClient(key);
  try {
    const response = await blob.download();
    const bytes = await streamToBuffer(response.readableStreamBody);
    return { bytes, metadata: response.metadata ?? {}, createdOn: response.createdOn ?? response.lastModified ?? null };
  } catch (error) {
    if (storageStatusOf(error) === 404) return null;
    throw new Error(`could not read the saved plan ${key}`, { cause: error });
  }
}

/** Deletes a blob if it is there; true when it was. */
export async function deleteRunFile(container: ContainerClient, key: string): Promise<boolean> {
  try {
    const response = await container.getBlobClient(key).deleteIfExists();
    return response.succeeded;
  } catch (error) {
    throw new Error(`could not delete ${key} from the state container`, { cause: error });
  }
}

/** Deletes every blob under `prefix`; returns how many there were. */
export async function deleteAllUnder(container: ContainerClient, prefix: string): Promise<number> {
  let deleted = 0;
  for await (const blob of container.listBlobsFlat({ prefix })) if (await deleteRunFile(container, blob.name)) deleted += 1;
  return deleted;
}

/** Which saved plans under a prefix to remove, given the one just stored. */
export interface PruneRule {
  /** The plan just stored: kept. */
  keep: string;
  /** Every other plan of the same source is superseded: only the newest plan of a PR (or of a push) can be approved. */
  source: string;
  /** Plans created before this are past their retention. */
  notBefore: Date;
}

/** Removes the superseded and expired saved plans under `prefix`; returns the keys removed. */
export async function pruneSavedPlans(container: ContainerClient, prefix: string, rule: PruneRule): Promise<string[]> {
  const removed: string[] = [];
  for await (const blob of container.listBlobsFlat({ prefix, includeMetadata: true })) {
    if (blob.name === rule.keep) continue;
    const created = blob.properties.createdOn ?? blob.properties.lastModified;
    const superseded = blob.metadata?.source === rule.source;
    if (superseded || created < rule.notBefore) {
      if (await deleteRunFile(container, blob.name)) removed.push(blob.name);
    }
  }
  return removed;
}

/** Reads a download's body stream to the end. */
export async function streamToBuffer(stream: NodeJS.ReadableStream | undefined): Promise<Buffer> {
  if (!stream) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}
