import type { BlockBlobClient } from "@azure/storage-blob";
import { LOCK_METADATA_KEY, withoutLockInfo } from "../../runner/lock-info.js";
import { messageChain } from "../../runner/message-chain.js";
import { storageStatusOf } from "./storage-status.js";

/** A lease held on a state blob the way Terraform holds one, and the blob's metadata without the lock info. */
export interface HeldLease {
  leaseId: string;
  /** The blob's metadata as it was before the lease, to write back with the new bytes. */
  metadata: Record<string, string>;
  /** Writes `bytes` to the blob under the lease, with the metadata it had. */
  write(bytes: Buffer): Promise<void>;
  /** Releases the lease and removes the lock info; never throws (a lease also expires by itself). */
  release(): Promise<string | null>;
}

/** What the lock info says about the holder, in Terraform's own field names. */
export interface LockHolder {
  who: string;
  operation: string;
  version: string;
  created: string;
}

/**
 * Takes a 60-second lease on the state blob, as Terraform's azurerm backend does, and writes lock
 * info in Terraform's format, so a Terraform run that finds it locked says who holds it. The lease
 * ends by itself should the holder die. Null when the blob does not exist; a blob another run holds
 * fails with status 409 (see `storageStatusOf`).
 */
export async function acquireStateLease(blob: BlockBlobClient, path: string, holder: LockHolder): Promise<HeldLease | null> {
  const leaseClient = blob.getBlobLeaseClient();
  try {
    await leaseClient.acquireLease(60);
  } catch (error) {
    if (storageStatusOf(error) === 404) return null;
    throw error;
  }
  const { leaseId } = leaseClient;
  const conditions = { leaseId };
  const properties = await blob.getProperties({ conditions });
  const metadata = withoutLockInfo(properties.metadata);
  const info = { ID: leaseId, Operation: holder.operation, Info: "", Who: holder.who, Version: holder.version, Created: holder.created, Path: path };
  await blob.setMetadata({ ...metadata, [LOCK_METADATA_KEY]: Buffer.from(JSON.stringify(info)).toString("base64") }, { conditions });
  return {
    leaseId,
    metadata,
    write: async (bytes) => {
      await blob.uploadData(bytes, { conditions, metadata });
    },
    release: async () => {
      try {
        await blob.setMetadata(metadata, { conditions });
        await leaseClient.releaseLease();
        return null;
      } catch (error) {
        return messageChain(error);
      }
    },
  };
}
