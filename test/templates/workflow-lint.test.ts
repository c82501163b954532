import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { actionlintFindings as findings } from "./support/actionlint-findings.js";
import { workflowErrors } from "./support/parse-workflow.js";

const TEMPLATES = new URL("../../workflows-templates/", import.meta.url);

const workflowFiles = readdirSync(TEMPLATES).filter((f) => /\.ya?ml$/.test(f));

describe("actionlint", () => {
  it("finds workflow templates to lint", () => {
    expect(workflowFiles).toContain("envbranch.yml");
  });

  it.each(workflowFiles)("%s has no findings", async (file) => {
    const source = readFileSync(new URL(file, TEMPLATES), "utf8");
    expect(await findings(source, file)).toEqual([]);
  });

  it("flags a deliberately broken workflow", async () => {
    const broken = [
      "on: workflow_dispatch",
      "jobs:",
      "  build:",
      "    runs-on: ubuntu-latest",
      "    needs: missing-job",
      "    steps:",
      "      - run: echo ${{ inputs.nope }}",
    ].join("\n");
    const messages = (await findings(broken, "broken.yml")).map((f) => f.message);
    expect(messages.some((m) => m.includes("missing-job"))).toBe(true);
    expect(messages.some((m) => m.includes('"nope"'))).toBe(true);
  });

  it("reports YAML it cannot parse instead of passing it", async () => {
    expect(await findings("on: [\n  jobs: {", "garbage.yml")).not.toEqual([]);
  });
});

describe("GitHub's workflow parser", () => {
  it.each(workflowFiles)("%s parses with no error", async (file) => {
    expect(await workflowErrors(file, readFileSync(new URL(file, TEMPLATES), "utf8"))).toEqual([]);
  });

  it("reports an unknown key and an expression reading a context its place does not have", async () => {
    const broken = [
      "on: workflow_dispatch",
      "run-name: ${{ env.NAME }}",
      "jobs:",
      "  build:",
      "    runs-on: ${{ steps.x.outputs.y }}",
      "    colour: blue",
      "    steps:",
      "      - run: echo hi",
      "        env:",
      "          A: ${{ varz.X }}",
      "          B: ${{ vars.X }}",
    ].join("\n");
    expect(await workflowErrors("broken.yml", broken)).toEqual([
      "broken.yml (Line: 2, Col: 11): Unrecognized named-value: 'env'",
      "broken.yml (Line: 5, Col: 14): Unrecognized named-value: 'steps'",
      "broken.yml (Line: 6, Col: 5): Unexpected value 'colour'",
      "broken.yml (Line: 10, Col: 14): Unrecognized named-value: 'varz'",
    ]);
  });

  it("reports a job that needs a job the workflow does not have", async () => {
    const broken = ["on: workflow_dispatch", "jobs:", "  a:", "    runs-on: ubuntu-latest", "    steps: [{ run: echo a }]", "  b:", "    runs-on: ubuntu-latest", "    needs: missing-job", "    steps: [{ run: echo b }]"];
    expect(await workflowErrors("needs.yml", broken.join("\n"))).toEqual([expect.stringContaining("missing-job")]);
  });

  it("reports YAML it cannot read", async () => {
    expect(await workflowErrors("garbage.yml", "on: [\n  jobs: {")).not.toEqual([]);
  });
});
