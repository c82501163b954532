import { archiveKeyFor, archiveState } from "../adapters/azure/archive-state.js";
import { applyPlan } from "./apply-stack.js";
import { explainFailure } from "./explain-failure.js";
import { messageChain } from "./message-chain.js";
import { initStack, planStack } from "./plan-stack.js";
import { explainContextOf, type RunContext } from "./run-context.js";
import { RunnerFailure } from "./runner-failure.js";
import { discardAllPlans } from "./saved-plan.js";

/**
 * Destroy: a destroy plan, applied; then, only once Terraform succeeded, the state blob is
 * archived (copied, read back, compared) and removed, and so are the environment's saved plans. A
 * failed destroy keeps the state in place.
 */
export async function destroyStack(ctx: RunContext): Promise<void> {
  await initStack(ctx);
  const { hasChanges, planFile } = await planStack(ctx, { destroy: true });
  if (hasChanges) await applyPlan(ctx, planFile);
  await archiveStackState(ctx);
  await discardAllPlans(ctx);
}

async function archiveStackState(ctx: RunContext): Promise<void> {
  const key = ctx.spec.terraform.backend.key;
  const archiveKey = archiveKeyFor(key, ctx.now());
  try {
    const container = await ctx.stateContainer();
    ctx.findings.archive = await ctx.steps.storage("archive", () => archiveState(container, key, archiveKey));
  } catch (error) {
    const excerpt = messageChain(error);
    throw new RunnerFailure("archive-failed", "archive", explainFailure("archive-failed", { ...explainContextOf(ctx), excerpt }), { cause: error });
  }
  const outcome = ctx.findings.archive;
  ctx.log.info(outcome.status === "archived" ? `archived the state to ${outcome.archiveKey} and removed ${key}` : `no state blob at ${key}; nothing to archive`);
}
