import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { allSteps, loadWorkflow, stepName } from "./support/workflow.js";

/** What each action's own action.yml declares at the tag the template uses (scripts/extract-action-inputs.ts). */
const ACTIONS = JSON.parse(readFileSync(new URL("../fixtures/actions/action-inputs.json", import.meta.url), "utf8")) as Record<
  string,
  { using: string; inputs: string[]; required: string[] }
>;

const workflow = loadWorkflow();
const thirdParty = allSteps(workflow).filter(({ step }) => step.uses !== undefined && !step.uses.startsWith("envbranch/envbranch@"));

describe("the actions the workflow uses, against their own action.yml", () => {
  it("covers every action the template uses (regenerate the fixture after adding one)", () => {
    expect(thirdParty.length).toBeGreaterThan(10);
    for (const { jobId, step } of thirdParty) expect(ACTIONS, `${jobId}: ${stepName(step)}`).toHaveProperty([step.uses!]);
  });

  it.each(thirdParty.map(({ jobId, step }) => [`${jobId}: ${stepName(step)}`, step] as const))("%s passes only inputs the action declares, and every required one", (_name, step) => {
    const action = ACTIONS[step.uses!]!;
    const given = Object.keys(step.with ?? {});
    expect(given.filter((input) => !action.inputs.includes(input))).toEqual([]);
    expect(action.required.filter((input) => !given.includes(input))).toEqual([]);
  });

  it("uses only actions that run on a runtime GitHub still runs", () => {
    for (const [use, action] of Object.entries(ACTIONS)) expect(action.using, use).toMatch(/^node2[04]$|^composite$|^docker$/);
  });
});
