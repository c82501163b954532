import { join } from "node:path";
import { summarizePlanFile } from "../plan/summarize-plan.js";
import { BACKEND_FILE } from "../spec/render-files.js";
import { PLAN_SUMMARY_MAX_CHARS } from "./result-schema.js";
import { explainContextOf, type RunContext } from "./run-context.js";
import { retryTransientInit } from "./retry-init.js";
import { terraformFailure } from "./terraform-failure.js";

/** The plan files in the out directory: for this job only, never uploaded (they hold secrets in clear). */
export const PLAN_FILE = "plan.tfplan";
export const PLAN_JSON_FILE = "plan.json";

/**
 * `terraform init` against the rendered backend config, retried on transient failures.
 * `-reconfigure` because a checkout used for one environment must never carry its backend, or its
 * state, over to another: each run starts from the spec's backend alone and migrates nothing.
 * `-lockfile=readonly` when applying a saved plan: the restored locks are the plan's, and init must
 * neither upgrade nor rewrite them.
 */
export async function initStack(ctx: RunContext, { lockfile }: { lockfile?: "readonly" } = {}): Promise<void> {
  const args = ["init", "-input=false", "-no-color", "-reconfigure", `-backend-config=${BACKEND_FILE}`, ...(lockfile ? [`-lockfile=${lockfile}`] : [])];
  const { outcome, attempts } = await retryTransientInit(
    (attempt) => ctx.steps.terraform("init", args, { attempt }),
    ctx.retry,
    (line) => ctx.log.info(line),
  );
  if (outcome.exitCode !== 0) throw terraformFailure("init", outcome, { ...explainContextOf(ctx), attempts });
}

/**
 * Plans into the out directory (a destroy plan when asked), then records what the plan changes.
 * A `plan` run reads the state without taking its lease: it writes nothing, so it need not wait for
 * a long apply, and a read-only plan identity could not take the lease anyway. Should the state move
 * on before the plan is applied, Terraform refuses the saved plan as stale.
 */
export async function planStack(ctx: RunContext, { destroy }: { destroy: boolean }): Promise<{ hasChanges: boolean; planFile: string }> {
  const planFile = join(ctx.outDir, PLAN_FILE);
  const args = [
    "plan",
    "-input=false",
    "-no-color",
    ...(ctx.action === "plan" ? ["-lock=false"] : [`-lock-timeout=${ctx.lockTimeout}`]),
    "-detailed-exitcode",
    `-out=${planFile}`,
    ...(destroy ? ["-destroy"] : []),
  ];
  const outcome = await ctx.steps.terraform("plan", args);
  // -detailed-exitcode: 0 no changes, 2 changes, anything else an error.
  if (outcome.exitCode !== 0 && outcome.exitCode !== 2) throw terraformFailure("plan", outcome, explainContextOf(ctx));
  return { ...(await showPlan(ctx, planFile)), planFile };
}

/**
 * `terraform show -json` of a saved plan, streamed into `plan.json` (it runs to hundreds of
 * megabytes on large stacks, and holds sensitive values, so it is neither echoed nor kept in
 * memory), then summarised by the bounded scanner: the counts, and the masked summary the app posts.
 */
export async function showPlan(ctx: RunContext, planFile: string): Promise<{ hasChanges: boolean }> {
  const planJson = join(ctx.outDir, PLAN_JSON_FILE);
  const outcome = await ctx.steps.terraform("show", ["show", "-json", "-no-color", planFile], { stdoutFile: planJson });
  if (outcome.exitCode !== 0) throw terraformFailure("show", outcome, { ...explainContextOf(ctx), planFile: PLAN_FILE });
  let summary;
  try {
    summary = await summarizePlanFile(planJson, { budget: PLAN_SUMMARY_MAX_CHARS, fullPlan: fullPlanLink(ctx.runUrl) });
  } catch (error) {
    throw new Error(`terraform show -json printed something that is not a plan`, { cause: error });
  }
  const resourceChanges = Object.values(summary.counts).reduce((sum, n) => sum + n, 0);
  // `applyable` (Terraform 1.8+) also counts output-only changes; older versions fall back to resources.
  const hasChanges = summary.applyable ?? resourceChanges > 0;
  ctx.findings.changes = { hasChanges, counts: summary.counts };
  ctx.findings.plan = { title: summary.title, markdown: summary.markdown };
  ctx.log.info(`plan: ${summary.title}${hasChanges ? "" : " (no changes)"}`);
  return { hasChanges };
}

/** Where a reader finds the whole plan: Terraform's own output in the run's log (sensitive values hidden). */
function fullPlanLink(runUrl: string | null): string {
  return runUrl ? `[Terraform's output in the run's log](${runUrl})` : "Terraform's output in the run's log";
}
