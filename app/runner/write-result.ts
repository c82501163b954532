import { appendFile, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { RunResult } from "./result-schema.js";
import { resultSummary } from "./result-summary.js";
import { githubOutputLines } from "./github-output.js";

/** The result file's name in the out directory. */
export const RESULT_FILE = "result.json";

/**
 * Writes `result.json` into the out directory and, when the workflow provides them, the markdown
 * summary (the result, then the plan as the PR comment shows it) to `$GITHUB_STEP_SUMMARY` and step
 * outputs to `$GITHUB_OUTPUT`. Returns the result's path.
 */
export async function writeResult(result: RunResult, outDir: string, env: Record<string, string | undefined>): Promise<string> {
  await mkdir(outDir, { recursive: true });
  const file = join(outDir, RESULT_FILE);
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
  if (env.GITHUB_STEP_SUMMARY) await appendFile(env.GITHUB_STEP_SUMMARY, result.plan ? `${resultSummary(result)}\n${result.plan.markdown}\n` : resultSummary(result));
  if (env.GITHUB_OUTPUT) await appendFile(env.GITHUB_OUTPUT, githubOutputLines(result, file));
  return file;
}
