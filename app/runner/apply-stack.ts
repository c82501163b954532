import { join } from "node:path";
import { initStack, planStack, showPlan } from "./plan-stack.js";
import { readOutputs } from "./read-outputs.js";
import { explainContextOf, type RunContext } from "./run-context.js";
import { discardAppliedPlan, erroredStateContext, fetchApprovedPlan, keepErroredState } from "./saved-plan.js";
import { pruneSnapshots, snapshotBeforeChange } from "./snapshot-state.js";
import { terraformFailure } from "./terraform-failure.js";

/** Terraform writes this into the working directory when it cannot save state to the backend. */
const ERRORED_STATE = "errored.tfstate";

/**
 * Apply: plan and apply that plan; or, for an approved plan, fetch exactly that saved plan from
 * beside the state, verify it, and apply it with the provider locks it was planned with (Terraform
 * itself refuses a plan whose state has moved on: a stale-plan failure). The outputs are read
 * afterwards, sensitive ones redacted, and snapshots beyond the retention pruned.
 */
export async function applyStack(ctx: RunContext): Promise<void> {
  if (ctx.spec.terraform.savedPlan) {
    const planFile = await fetchApprovedPlan(ctx);
    await initStack(ctx, { lockfile: "readonly" });
    await showPlan(ctx, planFile);
    await applyPlan(ctx, planFile);
    await discardAppliedPlan(ctx);
  } else {
    await initStack(ctx);
    const { hasChanges, planFile } = await planStack(ctx, { destroy: false });
    if (hasChanges) {
      await applyPlan(ctx, planFile);
    } else {
      ctx.findings.note = "nothing to apply";
      ctx.log.info("the plan has no changes; nothing to apply");
    }
  }
  await readOutputs(ctx);
  await pruneSnapshots(ctx);
}

/**
 * `terraform apply` of a saved plan, after a snapshot of the state as it was; on failure, keeps
 * Terraform's errored state beside the state.
 */
export async function applyPlan(ctx: RunContext, planFile: string): Promise<void> {
  await snapshotBeforeChange(ctx, ctx.action);
  const args = ["apply", "-input=false", "-no-color", `-lock-timeout=${ctx.lockTimeout}`, planFile];
  const outcome = await ctx.steps.terraform("apply", args);
  if (outcome.exitCode === 0) return;
  await keepErroredState(ctx, join(ctx.stackDir, ERRORED_STATE));
  throw terraformFailure("apply", outcome, { ...explainContextOf(ctx), ...erroredStateContext(ctx.findings.erroredState) });
}
