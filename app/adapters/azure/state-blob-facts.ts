import type { ContainerClient } from "@azure/storage-blob";
import { lockFromMetadata } from "../../runner/lock-info.js";
import { newestArchive } from "./archive-state.js";
import { storageStatusOf } from "./storage-status.js";

/** Terraform's lock info on a leased state blob, in Terraform's terms; a field it does not give is null. */
export interface StateLock {
  who: string | null;
  operation: string | null;
  created: string | null;
  id: string | null;
}

/** What state storage holds for one environment's state key. */
export interface StateBlobFacts {
  /** Whether a state blob is at the key. */
  exists: boolean;
  /** Its lock while a lease is held (every field null when the lease carries no lock info); null when not leased. */
  lock: StateLock | null;
  /** The newest archived copy's blob name when asked for; null when there is none or it was not asked for. */
  archive: string | null;
}

/** A read that takes longer than this gives up: the views it feeds must not wait on a storage outage. */
const STATE_READ_TIMEOUT_MS = 10_000;

/**
 * The state blob's lease and lock info (one properties read) and, with `withArchive`, its newest
 * archive (one listing). A lease that is `breaking` still blocks writers, so it counts as held, as
 * unlock-state counts it. Rejects when storage does not answer within `timeoutMs`.
 */
export async function readStateBlobFacts(container: ContainerClient, stateKey: string, withArchive: boolean, timeoutMs = STATE_READ_TIMEOUT_MS): Promise<StateBlobFacts> {
  const read = Promise.all([readLease(container, stateKey), withArchive ? newestArchive(container, stateKey) : Promise.resolve(null)]);
  const [lease, archive] = await within(timeoutMs, read, `state storage did not answer for ${stateKey} within ${timeoutMs} ms`);
  return { ...lease, archive };
}

async function readLease(container: ContainerClient, stateKey: string): Promise<Omit<StateBlobFacts, "archive">> {
  let properties;
  try {
    properties = await container.getBlobClient(stateKey).getProperties();
  } catch (error) {
    if (storageStatusOf(error) === 404) return { exists: false, lock: null };
    throw error;
  }
  if (properties.leaseState !== "leased" && properties.leaseState !== "breaking") return { exists: true, lock: null };
  const info = lockFromMetadata(properties.metadata);
  // lock-info fills what Terraform left out with "unknown"; here that is null, so a view can leave it out.
  const known = (value: string | undefined) => (value === undefined || value === "unknown" ? null : value);
  return { exists: true, lock: { who: known(info?.who), operation: known(info?.operation), created: known(info?.created), id: known(info?.id) } };
}

/** `promise`, or a rejection with `message` once `ms` pass first; the timer never holds the process open. */
function within<T>(ms: number, promise: Promise<T>, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
