import type { FailureInput } from "./build-result.js";
import { explainFailure } from "./explain-failure.js";
import { lockFromMetadata } from "./lock-info.js";
import { messageChain } from "./message-chain.js";
import type { LockInfo } from "./result-schema.js";
import { explainContextOf, type RunContext } from "./run-context.js";
import type { RunnerFailure } from "./runner-failure.js";
import { erroredStateContext } from "./saved-plan.js";

/** Whether the state blob is still leased, and by whom, as read from the blob itself. */
export interface LeaseFinding {
  lease: "free" | "held" | "unknown";
  lock: LockInfo | null;
}

/**
 * The failure of a cancelled or crashed run, explained with what it left behind: whether the state
 * blob is still leased (read after Terraform exited, so a graceful stop shows as free) and the
 * errored state Terraform kept. The result's `lock` names the holder only while the lease is held.
 */
export async function describeLeftBehind(ctx: RunContext, failure: RunnerFailure, cancelledBy: NodeJS.Signals | null): Promise<FailureInput> {
  const { lease, lock } = await readLease(ctx);
  const signal = failure.kind === "cancelled" ? cancelledBy : failure.signal;
  const explanation = explainFailure(failure.kind, {
    ...explainContextOf(ctx),
    step: failure.step,
    lease,
    lock,
    ...(signal ? { signal } : {}),
    ...erroredStateContext(ctx.findings.erroredState),
  });
  return { kind: failure.kind, step: failure.step, explanation, lock };
}

async function readLease(ctx: RunContext): Promise<LeaseFinding> {
  const key = ctx.spec.terraform.backend.key;
  try {
    const blob = (await ctx.stateContainer()).getBlobClient(key);
    if (!(await blob.exists())) return { lease: "free", lock: null };
    const properties = await blob.getProperties();
    // `breaking` still blocks writers until it ends.
    if (properties.leaseState !== "leased" && properties.leaseState !== "breaking") return { lease: "free", lock: null };
    return { lease: "held", lock: lockFromMetadata(properties.metadata) };
  } catch (error) {
    ctx.log.info(`could not read whether the state blob ${key} is still locked (${messageChain(error)})`);
    return { lease: "unknown", lock: null };
  }
}
