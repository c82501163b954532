import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { deleteAllUnder, deleteRunFile, downloadSavedPlan, pruneSavedPlans, uploadRunFile } from "../adapters/azure/saved-plans.js";
import { environmentPrefix, erroredStateKey, savedPlanKey } from "../spec/saved-plan-keys.js";
import { explainFailure, type ExplainContext } from "./explain-failure.js";
import { messageChain } from "./message-chain.js";
import { PLAN_LOCK_FILE, planFileEntry } from "./plan-file-entries.js";
import type { ErroredStateRecord } from "./result-schema.js";
import type { RunContext } from "./run-context.js";
import { RunnerFailure } from "./runner-failure.js";
import { storageStep } from "./storage-step.js";
import { savedPlanProblem, sha256Of } from "./verify-saved-plan.js";
import { replaceFile } from "./write-stack-files.js";

/** Where an approved plan is put for Terraform, inside the job's out directory (never uploaded). */
export const APPROVED_PLAN_FILE = "approved.tfplan";

/**
 * After a plan run: stores the saved plan beside the environment's state, records its key and
 * sha256 for the result (the app binds an approval to that hash), and removes the plans it
 * supersedes (earlier plans of the same pull request, or of the branch) and those past their retention.
 */
export async function storeSavedPlan(ctx: RunContext, planFile: string): Promise<void> {
  const { spec } = ctx;
  const bytes = await readFile(planFile);
  const key = savedPlanKey(spec.terraform.backend.key, spec.correlationId);
  const source = spec.pullRequest !== undefined ? `pr-${spec.pullRequest}` : "branch";
  const metadata = { statekey: spec.terraform.backend.key, sha: spec.sha, correlationid: spec.correlationId, source };
  const notBefore = new Date(ctx.now().getTime() - spec.terraform.planRetentionHours * 3_600_000);
  const removed = await storageStep(ctx, "save-plan", async (container) => {
    await uploadRunFile(container, key, bytes, metadata);
    return pruneSavedPlans(container, `${environmentPrefix(spec.terraform.backend.key)}plans/`, { keep: key, source, notBefore });
  });
  ctx.findings.savedPlan = { key, sha256: sha256Of(bytes), bytes: bytes.length };
  ctx.log.info(`saved the plan beside the state as ${key} (sha256 ${ctx.findings.savedPlan.sha256})${removed.length ? `; removed ${removed.length} superseded or expired plan(s)` : ""}`);
}

/**
 * For an approved apply: fetches the saved plan the spec names, refuses it unless it is exactly the
 * approved one for this environment and commit and within its retention, and restores the provider
 * lock file it was planned with (Terraform refuses a saved plan whose locks differ). Returns the plan's path.
 */
export async function fetchApprovedPlan(ctx: RunContext): Promise<string> {
  const ref = ctx.spec.terraform.savedPlan;
  if (!ref) throw new Error("fetchApprovedPlan needs a spec that names a saved plan");
  const stored = await storageStep(ctx, "fetch-plan", (container) => downloadSavedPlan(container, ref.key));
  if (!stored) throw new RunnerFailure("saved-plan-missing", "fetch-plan", explainFailure("saved-plan-missing", { planFile: ref.key }));
  const problem = savedPlanProblem(stored, ref, ctx.spec, ctx.now());
  if (problem) throw new RunnerFailure("saved-plan-rejected", "fetch-plan", explainFailure("saved-plan-rejected", { planFile: ref.key, excerpt: problem }));
  const lock = planFileEntry(stored.bytes, PLAN_LOCK_FILE);
  if (lock) await replaceFile(join(ctx.stackDir, PLAN_LOCK_FILE), lock);
  const planFile = join(ctx.outDir, APPROVED_PLAN_FILE);
  await writeFile(planFile, stored.bytes);
  ctx.log.info(`applying the approved plan ${ref.key} (sha256 ${ref.sha256} verified)${lock ? ", with the provider locks it was planned with" : ""}`);
  return planFile;
}

/** After the approved plan was applied: Terraform would refuse it again as stale, so it goes. */
export async function discardAppliedPlan(ctx: RunContext): Promise<void> {
  const ref = ctx.spec.terraform.savedPlan;
  if (!ref) return;
  await storageStep(ctx, "discard-plan", (container) => deleteRunFile(container, ref.key));
}

/** After a destroy: the environment's saved plans can never be applied again, and they hold secrets. */
export async function discardAllPlans(ctx: RunContext): Promise<void> {
  const removed = await storageStep(ctx, "discard-plan", (container) => deleteAllUnder(container, `${environmentPrefix(ctx.spec.terraform.backend.key)}plans/`));
  if (removed > 0) ctx.log.info(`removed the environment's ${removed} saved plan(s)`);
}

/**
 * Keeps Terraform's `errored.tfstate` (left when it could not write the state blob) beside the
 * state, where the way back is as safe as the state itself; the findings say where it went.
 */
export async function keepErroredState(ctx: RunContext, erroredFile: string): Promise<void> {
  let bytes: Buffer;
  try {
    bytes = await readFile(erroredFile);
  } catch {
    return;
  }
  const key = erroredStateKey(ctx.spec.terraform.backend.key, ctx.spec.correlationId);
  try {
    await storageStep(ctx, "save-errored-state", (container) => uploadRunFile(container, key, bytes, { statekey: ctx.spec.terraform.backend.key, sha: ctx.spec.sha, correlationid: ctx.spec.correlationId }));
    ctx.findings.erroredState = { key, problem: null };
  } catch (error) {
    // The state account is what Terraform could not reach: the copy in the job is all there is.
    const problem = messageChain(error);
    ctx.findings.erroredState = { key: null, problem };
    ctx.log.info(`could not save errored.tfstate beside the state (${problem}); it is only in this job's workspace at ${erroredFile}`);
  }
}

/** Where an errored state was kept, for an explanation: the blob beside the state, or the job's workspace. */
export function erroredStateContext(record: ErroredStateRecord | null): Pick<ExplainContext, "erroredStateFile" | "erroredStateKey"> {
  if (!record) return {};
  return record.key
    ? { erroredStateFile: `the blob \`${record.key}\` beside the state`, erroredStateKey: record.key }
    : { erroredStateFile: "`errored.tfstate` in the job's workspace only (it could not be saved beside the state either), lost when the job ends" };
}
