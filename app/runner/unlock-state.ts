import type { BlobClient } from "@azure/storage-blob";
import { messageChain } from "./message-chain.js";
import { explainFailure } from "./explain-failure.js";
import { describeLock, lockFromMetadata, withoutLockInfo } from "./lock-info.js";
import { explainContextOf, type RunContext } from "./run-context.js";
import { RunnerFailure } from "./runner-failure.js";
import { storageStatusOf } from "../adapters/azure/storage-status.js";

/**
 * Unlock: says who holds the state blob's lease (Terraform's lock info in the blob's metadata),
 * then frees it, but only as far as it cannot hurt a run that is still writing:
 * - given a lock ID (`spec.unlockLockId`), only while that lock holds the lease: the lease is
 *   released with that ID, as `terraform force-unlock` does (the azurerm backend's lock ID is the
 *   lease ID), so Azure itself refuses when another lease holds the blob;
 * - without one (the app found no run of the environment in progress), the lease is broken;
 * - either way only if the blob is unchanged since its lock info was read (If-Match on its ETag):
 *   a blob that changed in between has a live writer, or a new lock.
 * No terraform is involved: force-unlock needs an initialised stack, and a dead run's lease is
 * exactly what a user cannot easily see.
 */
export async function unlockState(ctx: RunContext): Promise<void> {
  const key = ctx.spec.terraform.backend.key;
  try {
    const container = await ctx.stateContainer();
    await ctx.steps.storage("unlock", () => breakLease(ctx, container.getBlobClient(key), key));
  } catch (error) {
    if (error instanceof RunnerFailure) throw error;
    const excerpt = messageChain(error);
    throw new RunnerFailure("state-access-failed", "unlock", explainFailure("state-access-failed", { ...explainContextOf(ctx), excerpt }), {
      cause: error,
    });
  }
}

async function breakLease(ctx: RunContext, blob: BlobClient, key: string): Promise<void> {
  let properties;
  try {
    properties = await blob.getProperties();
  } catch (error) {
    if (storageStatusOf(error) === 404) {
      ctx.findings.note = "no state blob: nothing to unlock";
      ctx.log.info(`there is no state blob at ${key}; nothing to unlock`);
      return;
    }
    throw error;
  }
  // `breaking` is a lease on its way out that still blocks writers; breaking it again ends it now.
  if (properties.leaseState !== "leased" && properties.leaseState !== "breaking") {
    ctx.findings.note = "the state was not locked";
    ctx.log.info(`the state blob ${key} is not locked (lease ${properties.leaseState ?? "unknown"}); nothing to do`);
    return;
  }
  const lock = lockFromMetadata(properties.metadata);
  ctx.findings.lock = lock;
  const holder = lock ? describeLock(lock) : "a lease without Terraform lock info";
  ctx.log.info(`the state blob ${key} is locked by ${holder}`);
  const expected = ctx.spec.unlockLockId;
  if (expected && lock?.id !== expected) {
    throw new RunnerFailure("refused", "unlock", `Not unlocked: the state blob \`${key}\` is locked by ${holder}, not by lock ${expected}, so the lease was left alone. If that lock is left over too, unlock again with its ID.`);
  }
  const conditions = { ifMatch: properties.etag! };
  try {
    if (expected) await blob.getBlobLeaseClient(expected).releaseLease({ conditions });
    else await blob.getBlobLeaseClient().breakLease(0, { conditions });
  } catch (error) {
    if (storageStatusOf(error) !== 412) throw error;
    throw new RunnerFailure("refused", "unlock", `Not unlocked: the state blob \`${key}\` changed while the runner was looking at its lock (${holder}), so a run is writing it or took a new lock; the lease was left alone.`, { cause: error });
  }
  ctx.findings.note = lock ? `${expected ? "released" : "broke"} the lock held by ${lock.who} since ${lock.created}` : "broke the state blob's lease";
  ctx.log.info("broke the lease; the state is unlocked");
  await clearLockInfo(ctx, blob, properties.metadata ?? {});
}

/**
 * Removes the stale lock info so the next "locked" message cannot name a run that is gone. It is
 * only a courtesy: if another run took the lease in between, the write fails and that is fine.
 */
async function clearLockInfo(ctx: RunContext, blob: BlobClient, metadata: Record<string, string>): Promise<void> {
  const rest = withoutLockInfo(metadata);
  try {
    await blob.setMetadata(rest);
  } catch (error) {
    ctx.log.info(`left the old lock info in the blob's metadata (${messageChain(error)})`);
  }
}
