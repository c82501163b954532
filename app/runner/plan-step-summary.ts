import { join } from "node:path";
import { summarizePlanFile } from "../plan/summarize-plan.js";
import { messageChain } from "./message-chain.js";
import type { RunResult } from "./result-schema.js";
import { escapeText } from "./result-summary.js";

/**
 * The pull-request comment's budget, so the run's page shows the very summary the comment does
 * (GitHub takes up to 1 MiB per step summary, so the result summary above it still fits).
 */
export const STEP_SUMMARY_PLAN_BUDGET = 60_000;

/**
 * The plan summary the pull-request comment shows, as markdown for `$GITHUB_STEP_SUMMARY`, when the
 * run produced a plan JSON (plan, apply, destroy); empty otherwise. A plan JSON that cannot be
 * summarised is said so in the summary rather than failing a run whose Terraform work is done.
 */
export async function planStepSummary(result: RunResult, outDir: string): Promise<string> {
  const planJson = result.files.planJson;
  if (!planJson) return "";
  try {
    const summary = await summarizePlanFile(join(outDir, planJson), {
      budget: STEP_SUMMARY_PLAN_BUDGET,
      fullPlan: `\`${planJson}\` in this run's artifacts`,
    });
    return `${summary.markdown}\n`;
  } catch (error) {
    return `The plan summary could not be made: ${escapeText(messageChain(error))}\n\n`;
  }
}
