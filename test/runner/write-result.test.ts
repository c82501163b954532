import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { summarizePlanFile } from "../../app/plan/summarize-plan.js";
import { buildResult } from "../../app/runner/build-result.js";
import { resultSummary } from "../../app/runner/result-summary.js";
import { emptyFindings, type RunFindings } from "../../app/runner/run-context.js";
import { writeResult } from "../../app/runner/write-result.js";
import { testSpec } from "../support/terraform-azurite/test-checkout.js";
import { SMALL_PLAN, SMALL_PLAN_SECRET } from "./support/small-plan.js";

const spec = testSpec("env-alice", { storageAccount: "acct", container: "tfstate" });
const at = new Date("2026-11-22T06:00:00Z");

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "envbranch-write-result-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function result(action: "plan" | "deploy", findings: Partial<RunFindings>) {
  return buildResult({ action, spec, findings: { ...emptyFindings(), ...findings }, steps: [], failure: null, startedAt: at, finishedAt: at, totalMs: 1 });
}

/** Writes the result with a step summary file and returns what the summary got. */
async function stepSummaryOf(run: ReturnType<typeof result>): Promise<string> {
  const summary = join(dir, "step-summary.md");
  await writeResult(run, dir, { GITHUB_STEP_SUMMARY: summary });
  return readFile(summary, "utf8");
}

describe("writeResult: $GITHUB_STEP_SUMMARY", () => {
  it("shows the result, then the masked plan summary the pull-request comment shows", async () => {
    await writeFile(join(dir, "plan.json"), JSON.stringify(SMALL_PLAN));
    const { title, markdown } = await summarizePlanFile(join(dir, "plan.json"), { budget: 60_000 });
    const run = result("plan", { plan: { title, markdown } });
    const text = await stepSummaryOf(run);
    expect(text).toBe(`${resultSummary(run)}\n${markdown}\n`);
    expect(markdown).toContain("**Plan: 1 to add, 1 to change, 0 to destroy.**");
    expect(markdown).toContain("- `terraform_data.app`\n  - `input`:");
    expect(text).toContain("- `admin_token`: `(sensitive)` (new)");
    expect(text).not.toContain(SMALL_PLAN_SECRET);
    expect(await readFile(join(dir, "result.json"), "utf8")).not.toContain(SMALL_PLAN_SECRET);
  });

  it("shows the result alone when the run made no plan", async () => {
    const run = result("deploy", { outputs: { url: "https://x.example" } });
    expect(await stepSummaryOf(run)).toBe(resultSummary(run));
  });
});
