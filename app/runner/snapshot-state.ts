import { pruneStateVersions, takeStateSnapshot } from "../adapters/azure/state-snapshots.js";
import { messageChain } from "./message-chain.js";
import type { RunContext } from "./run-context.js";
import { storageStep } from "./storage-step.js";

/**
 * Before a change to the state (an apply, a destroy, a recover, a restore): snapshots the state blob,
 * tagged with this run, its commit and `action`, so `envbranch state restore` can go back to it. A
 * snapshot that cannot be taken fails the run before anything changes. `leaseId`: the lease the
 * caller holds on the blob (restore), else none.
 */
export async function snapshotBeforeChange(ctx: RunContext, action: string, leaseId?: string): Promise<void> {
  const key = ctx.spec.terraform.backend.key;
  const tag = { action, run: ctx.spec.correlationId, runUrl: ctx.runUrl, sha: ctx.spec.sha };
  const outcome = await storageStep(ctx, "snapshot", (container) => takeStateSnapshot(container, key, tag, leaseId));
  if (outcome.status === "no-state") {
    ctx.findings.snapshot = { status: "no-state" };
    ctx.log.info(`no snapshot: the state blob ${key} does not exist yet or holds nothing`);
    return;
  }
  const { snapshot, serial, resources } = outcome;
  ctx.findings.snapshot = { status: "taken", snapshot, serial, resources, pruned: 0 };
  ctx.log.info(`snapshot ${snapshot} of ${key} (serial ${serial}, ${resources} resource(s)) taken before ${action}`);
}

/**
 * After a change succeeded: keeps the newest `snapshotRetention` of envbranch's snapshots and
 * deletes the older ones. The change is done by now, so a prune that fails is only noted.
 */
export async function pruneSnapshots(ctx: RunContext): Promise<void> {
  const record = ctx.findings.snapshot;
  if (record?.status !== "taken") return;
  const key = ctx.spec.terraform.backend.key;
  const keep = ctx.spec.terraform.snapshotRetention;
  try {
    const pruned = await storageStep(ctx, "prune-snapshots", (container) => pruneStateVersions(container, key, keep));
    ctx.findings.snapshot = { ...record, pruned: pruned.length };
    if (pruned.length > 0) ctx.log.info(`pruned ${pruned.length} snapshot(s) of ${key} beyond the newest ${keep}`);
  } catch (error) {
    ctx.log.info(`could not prune the older snapshots of ${key} (${messageChain(error)}); the next successful run tries again`);
  }
}
