import { writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { planChanges, type PlanJson } from "../plan/plan-changes.js";
import { BACKEND_FILE } from "../spec/render-files.js";
import { explainContextOf, type RunContext } from "./run-context.js";
import { retryTransientInit } from "./retry-init.js";
import { terraformFailure } from "./terraform-failure.js";

/** The names of the plan artifacts in the out directory. */
export const PLAN_FILE = "plan.tfplan";
export const PLAN_JSON_FILE = "plan.json";

/**
 * `terraform init` against the rendered backend config, retried on transient failures.
 * `-reconfigure` because a checkout used for one environment must never carry its backend, or its
 * state, over to another: each run starts from the spec's backend alone and migrates nothing.
 */
export async function initStack(ctx: RunContext): Promise<void> {
  const args = ["init", "-input=false", "-no-color", "-reconfigure", `-backend-config=${BACKEND_FILE}`];
  const { outcome, attempts } = await retryTransientInit(
    (attempt) => ctx.steps.terraform("init", args, { attempt }),
    ctx.retry,
    (line) => ctx.log.info(line),
  );
  if (outcome.exitCode !== 0) throw terraformFailure("init", outcome, { ...explainContextOf(ctx), attempts });
}

/** Plans into the out directory (a destroy plan when asked), then records what the plan changes. */
export async function planStack(ctx: RunContext, { destroy }: { destroy: boolean }): Promise<{ hasChanges: boolean }> {
  const planFile = join(ctx.outDir, PLAN_FILE);
  const args = [
    "plan",
    "-input=false",
    "-no-color",
    `-lock-timeout=${ctx.lockTimeout}`,
    "-detailed-exitcode",
    `-out=${planFile}`,
    ...(destroy ? ["-destroy"] : []),
  ];
  const outcome = await ctx.steps.terraform("plan", args);
  // -detailed-exitcode: 0 no changes, 2 changes, anything else an error.
  if (outcome.exitCode !== 0 && outcome.exitCode !== 2) throw terraformFailure("plan", outcome, explainContextOf(ctx));
  ctx.findings.files.plan = PLAN_FILE;
  return showPlan(ctx, planFile);
}

/**
 * `terraform show -json` of a saved plan into `plan.json`, and the changes it makes into the
 * findings. Its stdout is not echoed: plan JSON carries the values of sensitive attributes.
 */
export async function showPlan(ctx: RunContext, planFile: string): Promise<{ hasChanges: boolean }> {
  const outcome = await ctx.steps.terraform("show", ["show", "-json", "-no-color", planFile], { quietStdout: true });
  if (outcome.exitCode !== 0) throw terraformFailure("show", outcome, { ...explainContextOf(ctx), planFile: basename(planFile) });
  let plan: PlanJson & { applyable?: boolean };
  try {
    plan = JSON.parse(outcome.stdout) as PlanJson & { applyable?: boolean };
  } catch (error) {
    throw new Error(`terraform show -json printed something that is not JSON (${outcome.stdout.length} bytes)`, { cause: error });
  }
  await writeFile(join(ctx.outDir, PLAN_JSON_FILE), outcome.stdout.endsWith("\n") ? outcome.stdout : `${outcome.stdout}\n`);
  ctx.findings.files.planJson = PLAN_JSON_FILE;
  const { counts, resources } = planChanges(plan);
  // `applyable` (Terraform 1.8+) also counts output-only changes; older versions fall back to resources.
  const hasChanges = plan.applyable ?? resources.length > 0;
  ctx.findings.changes = { hasChanges, counts, resources };
  ctx.log.info(`plan: ${describeCounts(counts)}${hasChanges ? "" : " (no changes)"}`);
  return { hasChanges };
}

function describeCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(", ");
}
