import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { summarizePlan } from "../../app/plan/summarize-plan.js";
import { RUNNER_CLI } from "../support/terraform-azurite/run-runner-cli.js";
import { buildRunnerOnce } from "./support/build-runner-once.js";
import { SMALL_PLAN, SMALL_PLAN_SECRET } from "./support/small-plan.js";

// `envbranch summarize` as the package's bin runs it: the built CLI in a child process.

let dir: string;
let planPath: string;
beforeAll(async () => {
  await buildRunnerOnce();
  dir = await mkdtemp(join(tmpdir(), "envbranch-summarize-cli-"));
  planPath = join(dir, "plan.json");
  await writeFile(planPath, JSON.stringify(SMALL_PLAN));
}, 180_000);
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

function envbranch(args: string[], input?: string) {
  return execa(process.execPath, [RUNNER_CLI, ...args], { cwd: dir, reject: false, stripFinalNewline: false, extendEnv: false, env: { PATH: process.env.PATH ?? "" }, ...(input === undefined ? { stdin: "ignore" as const } : { input }) });
}

describe("envbranch summarize (built CLI)", () => {
  it("prints the plan summary markdown of a plan JSON file and exits 0", async () => {
    const run = await envbranch(["summarize", planPath]);
    expect({ exitCode: run.exitCode, stderr: run.stderr }).toEqual({ exitCode: 0, stderr: "" });
    expect(run.stdout).toBe(summarizePlan(SMALL_PLAN, { fullPlan: `\`${planPath}\`` }).markdown);
    expect(run.stdout).toContain("**Plan: 1 to add, 1 to change, 0 to destroy.**");
    expect(run.stdout).toContain("| 1 | 1 | 0 | 0 | 0 |");
    expect(run.stdout).toContain("- `terraform_data.queue`");
    expect(run.stdout).toContain("- `admin_token`: `(sensitive)` (new)");
    expect(run.stdout).not.toContain(SMALL_PLAN_SECRET);
  });

  it("passes its own options through and reads standard input given -", async () => {
    const json = await envbranch(["summarize", "-", "--json", "--budget", "5000"], JSON.stringify(SMALL_PLAN));
    expect(json.exitCode, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ title: "1 to add, 1 to change, 0 to destroy", counts: { create: 1, update: 1 } });
  });

  it("exits with the summariser's code when the file is not a plan", async () => {
    const notPlan = join(dir, "not-a-plan.json");
    await writeFile(notPlan, "[1, 2");
    const run = await envbranch(["summarize", notPlan]);
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toContain("envbranch summarize: cannot summarise the plan JSON");
    expect((await envbranch(["summarize"])).exitCode).toBe(2);
  });

  it("is in the usage", async () => {
    const help = await envbranch(["--help"]);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain("envbranch summarize PLAN_JSON [--budget CHARS] [--full-plan MARKDOWN] [--json]");
    const own = await envbranch(["summarize", "--help"]);
    expect(own.stdout).toContain("Usage: envbranch summarize PLAN_JSON");
  });
});
