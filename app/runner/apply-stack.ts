import { access, copyFile } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { explainFailure } from "./explain-failure.js";
import { PLAN_FILE, initStack, planStack, showPlan } from "./plan-stack.js";
import { readOutputs } from "./read-outputs.js";
import { explainContextOf, type RunContext } from "./run-context.js";
import { RunnerFailure } from "./runner-failure.js";
import { terraformFailure } from "./terraform-failure.js";

/** Terraform writes this into the working directory when it cannot save state to the backend. */
const ERRORED_STATE = "errored.tfstate";

/**
 * Apply: plan and apply that plan; or, given a saved plan, apply exactly that file and nothing
 * else (Terraform itself refuses a plan whose state has moved on: a stale-plan failure). The
 * outputs are read afterwards, sensitive ones redacted.
 */
export async function applyStack(ctx: RunContext): Promise<void> {
  if (ctx.planFile) {
    const planFile = await keepSavedPlan(ctx, ctx.planFile);
    await initStack(ctx);
    await showPlan(ctx, planFile);
    await applyPlan(ctx, planFile);
  } else {
    await initStack(ctx);
    const { hasChanges } = await planStack(ctx, { destroy: false });
    if (hasChanges) {
      await applyPlan(ctx, join(ctx.outDir, PLAN_FILE));
    } else {
      ctx.findings.note = "nothing to apply";
      ctx.log.info("the plan has no changes; nothing to apply");
    }
  }
  await readOutputs(ctx);
}

/** `terraform apply` of a saved plan; on failure, keeps Terraform's errored state for the artifact. */
export async function applyPlan(ctx: RunContext, planFile: string): Promise<void> {
  const args = ["apply", "-input=false", "-no-color", `-lock-timeout=${ctx.lockTimeout}`, planFile];
  const outcome = await ctx.steps.terraform("apply", args);
  if (outcome.exitCode === 0) return;
  const erroredState = await keepErroredState(ctx);
  throw terraformFailure("apply", outcome, {
    ...explainContextOf(ctx),
    planFile: basename(planFile),
    ...(erroredState ? { erroredStateFile: erroredState } : {}),
  });
}

/** Checks the saved plan exists and puts a copy in the out directory so the run's artifact holds what was applied. */
async function keepSavedPlan(ctx: RunContext, planFile: string): Promise<string> {
  try {
    await access(planFile);
  } catch (error) {
    throw new RunnerFailure("saved-plan-missing", "apply", explainFailure("saved-plan-missing", { planFile }), { cause: error });
  }
  const kept = join(ctx.outDir, PLAN_FILE);
  if (resolve(planFile) !== kept) await copyFile(planFile, kept);
  ctx.findings.files.plan = PLAN_FILE;
  ctx.log.info(`applying the saved plan ${planFile}`);
  return planFile;
}

async function keepErroredState(ctx: RunContext): Promise<string | null> {
  const source = join(ctx.stackDir, ERRORED_STATE);
  try {
    await copyFile(source, join(ctx.outDir, ERRORED_STATE));
  } catch {
    return null;
  }
  ctx.findings.files.erroredState = ERRORED_STATE;
  return ERRORED_STATE;
}
