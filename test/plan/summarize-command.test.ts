import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { summarizeCommand } from "../../app/plan/summarize-command.js";
import { summarizePlan } from "../../app/plan/summarize-plan.js";
import { chunksOf } from "./support/chunks-of.js";
import { buildPlan } from "./support/random-plan.js";

const plan = buildPlan({ changes: 3_000, drift: 10, outputs: 5, addressLength: 40, odd: ["svc"], seed: 7 });

async function run(argv: string[], stdin = "") {
  const out: string[] = [];
  const err: string[] = [];
  const code = await summarizeCommand(argv, {
    stdin: chunksOf(Buffer.from(stdin), [1_000]),
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
  });
  return { code, stdout: out.join(""), stderr: err.join("") };
}

describe("envbranch summarize", () => {
  let dir: string;
  let planPath: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "envbranch-summarize-"));
    planPath = join(dir, "plan.json");
    await writeFile(planPath, JSON.stringify(plan));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("prints the summary of a plan JSON file, naming the file as the full plan", async () => {
    const result = await run([planPath]);
    expect(result).toEqual({ code: 0, stdout: summarizePlan(plan, { fullPlan: `\`${planPath}\`` }).markdown, stderr: "" });
    expect(result.stdout).toContain(`The full plan: \`${planPath}\``);
  });

  it("takes a budget and a link to the full plan", async () => {
    const result = await run([planPath, "--budget", "5000", "--full-plan", "[the artifact](https://example.test/a)"]);
    expect(result.code).toBe(0);
    expect(result.stdout.length).toBeLessThanOrEqual(5_000);
    expect(result.stdout).toContain("The full plan: [the artifact](https://example.test/a)");
  });

  it("reads the plan from standard input given -", async () => {
    const result = await run(["-"], JSON.stringify(plan));
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(summarizePlan(plan, { fullPlan: "the output of `terraform show -json`" }).markdown);
  });

  it("prints title, counts and markdown as JSON with --json", async () => {
    const result = await run([planPath, "--json"]);
    const printed = JSON.parse(result.stdout) as { title: string; counts: unknown; markdown: string };
    const summary = summarizePlan(plan, { fullPlan: `\`${planPath}\`` });
    expect(printed).toMatchObject({ title: summary.title, counts: summary.counts, markdown: summary.markdown });
  });

  it.each([
    [[], "give the plan JSON file to summarise"],
    [["a.json", "b.json"], "give exactly one plan JSON file"],
    [["a.json", "--budget", "lots"], '--budget takes a whole number of characters, not "lots"'],
    [["a.json", "--colour"], "Unknown option '--colour'"],
  ])("refuses %j with exit code 2 and the usage", async (argv, problem) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(problem);
    expect(result.stderr).toContain("Usage: envbranch summarize PLAN_JSON");
  });

  it("exits 3 naming the file when it is missing", async () => {
    const missing = join(dir, "missing.json");
    const result = await run([missing]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`cannot summarise the plan JSON ${missing}`);
    expect(result.stderr).toContain("ENOENT");
  });

  it.each([
    ["not JSON", "this is not json"],
    ["cut short", JSON.stringify(plan).slice(0, 5_000)],
    ["not a plan", JSON.stringify({ resource_changes: [{ address: "a", type: "t" }] })],
  ])("exits 3 when the file is %s", async (_, content) => {
    const bad = join(dir, "bad.json");
    await writeFile(bad, content);
    const result = await run([bad]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^envbranch summarize: cannot summarise the plan JSON .*bad\.json: /);
    expect(result.stdout).toBe("");
  });
});
