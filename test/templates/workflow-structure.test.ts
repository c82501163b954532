import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { evaluateTemplate } from "./support/evaluate-expression.js";
import { dispatchInputs, sampleSpec } from "./support/sample-spec.js";
import { allSteps, dispatchContexts, loadWorkflow, stepName, WORKFLOW_PATH, type Step } from "./support/workflow.js";

const workflow = loadWorkflow();

// The inputs the app's dispatch sends; GitHub rejects a dispatch that carries an undeclared input.
const APP_DISPATCH_INPUTS = ["spec", "correlation_id"];

function findStep(jobId: string, predicate: (step: Step) => boolean): Step {
  const step = workflow.jobs[jobId]?.steps.find(predicate);
  if (!step) throw new Error(`job ${jobId} has no such step`);
  return step;
}

describe("workflow inputs and naming", () => {
  it("declares every input the app sends, as a required string, and nothing else", () => {
    const inputs = workflow.on.workflow_dispatch.inputs;
    expect(Object.keys(inputs).sort()).toEqual([...APP_DISPATCH_INPUTS].sort());
    for (const input of Object.values(inputs)) expect(input).toMatchObject({ type: "string", required: true });
  });

  it("names each run with its correlation id, action and environment", () => {
    const spec = sampleSpec({ action: "apply", branch: "env-alice" });
    const runName = evaluateTemplate(workflow["run-name"], dispatchContexts(dispatchInputs(spec)));
    expect(runName).toBe(`envbranch apply alice [${spec.correlationId}]`);
  });

  it("reads only spec fields the app renders", () => {
    const text = readFileSync(WORKFLOW_PATH, "utf8");
    const paths = new Set([...text.matchAll(/fromJSON\(inputs\.spec\)((?:\.\w+)+)/g)].map((m) => m[1]!.slice(1)));
    // A repository's own extra Terraform variable, absent unless its config sets it.
    const optional = new Set(["terraform.variables.runtime_version"]);
    const spec = sampleSpec({ action: "apply", savedPlan: { runId: 42, artifact: "envbranch-plan-run" } });
    expect(paths.size).toBeGreaterThan(5);
    for (const path of [...paths].filter((p) => !optional.has(p))) {
      const value = path.split(".").reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], spec);
      expect(value, `spec.${path}`).toBeDefined();
    }
  });
});

describe("workflow security", () => {
  it("never puts an expression inside a script: inputs reach `run:` only through `env:`", () => {
    const scripts = allSteps(workflow).filter(({ step }) => step.run !== undefined);
    expect(scripts.length).toBeGreaterThan(3);
    for (const { jobId, step } of scripts) expect(step.run, `${jobId}: ${stepName(step)}`).not.toContain("${{");
  });

  it("grants nothing at the top and the least each job needs", () => {
    expect(workflow.permissions).toEqual({});
    expect(workflow.jobs.infrastructure?.permissions).toEqual({ contents: "read", "id-token": "write", actions: "read" });
    expect(workflow.jobs.build?.permissions).toEqual({ contents: "read" });
    expect(workflow.jobs.deploy?.permissions).toEqual({ "id-token": "write" });
  });

  it("asks for `actions: read` only where a saved plan of another run is downloaded", () => {
    for (const [jobId, job] of Object.entries(workflow.jobs)) {
      const crossRun = job.steps.some((s) => s.uses?.startsWith("actions/download-artifact@") && s.with?.["run-id"] !== undefined);
      expect(job.permissions?.actions === "read", jobId).toBe(crossRun);
    }
  });

  it("pins every action to a major version", () => {
    const uses = allSteps(workflow).flatMap(({ step }) => (step.uses ? [step.uses] : []));
    expect(uses.length).toBeGreaterThan(5);
    for (const use of uses) expect(use).toMatch(/^[\w.-]+\/[\w.-]+@v\d+$/);
  });

  it("never leaves the checkout token in the git config", () => {
    const checkouts = allSteps(workflow).filter(({ step }) => step.uses?.startsWith("actions/checkout@"));
    expect(checkouts.length).toBeGreaterThan(1);
    for (const { step } of checkouts) expect(step.with?.["persist-credentials"]).toBe(false);
  });

  it("exports the bot login from the repository variable, defaulting to the app's bot", () => {
    const botLogin = workflow.env.ENVBRANCH_BOT_LOGIN ?? "";
    expect(botLogin).toBe("${{ vars.ENVBRANCH_BOT_LOGIN || 'envbranch[bot]' }}");
    const contexts = dispatchContexts(dispatchInputs(sampleSpec({ action: "apply" })));
    expect(evaluateTemplate(botLogin, contexts)).toBe("envbranch[bot]");
    expect(evaluateTemplate(botLogin, { ...contexts, vars: { ENVBRANCH_BOT_LOGIN: "acme-envbranch[bot]" } })).toBe("acme-envbranch[bot]");
  });
});

describe("the infrastructure job", () => {
  it("runs the published runner with the spec passed through the environment", () => {
    const runner = findStep("infrastructure", (s) => s.id === "runner");
    expect(runner.run).toContain("npx --yes envbranch@0 ");
    expect(runner.env).toMatchObject({ ENVBRANCH_SPEC: "${{ inputs.spec }}", ARM_USE_OIDC: "true" });
  });

  it("sets up Terraform at the spec's version without the output-mangling wrapper", () => {
    const setup = findStep("infrastructure", (s) => s.uses?.startsWith("hashicorp/setup-terraform@") ?? false);
    expect(setup.with).toEqual({ terraform_version: "${{ fromJSON(inputs.spec).terraform.version }}", terraform_wrapper: false });
  });

  it("uploads the result, saved plan and plan JSON under the correlation id, also after a failure", () => {
    const upload = findStep("infrastructure", (s) => s.uses?.startsWith("actions/upload-artifact@") ?? false);
    expect(upload.if).toBe("${{ always() }}");
    expect(upload.with?.name).toBe("envbranch-${{ inputs.correlation_id }}");
    expect(String(upload.with?.path).trim().split("\n")).toEqual(
      expect.arrayContaining([".envbranch/result.json", ".envbranch/plan.tfplan", ".envbranch/plan.json"]),
    );
    expect(upload.with?.["include-hidden-files"]).toBe(true);
  });

  it("passes an approved plan to the runner only when the spec names one", () => {
    const runner = findStep("infrastructure", (s) => s.id === "runner");
    const planned = dispatchContexts(dispatchInputs(sampleSpec({ action: "apply", savedPlan: { runId: 7, artifact: "envbranch-x" } })));
    const fresh = dispatchContexts(dispatchInputs(sampleSpec({ action: "apply" })));
    expect(evaluateTemplate(runner.env!.APPROVED_PLAN!, planned)).toBe("/home/runner/work/_temp/envbranch-approved-plan/plan.tfplan");
    expect(evaluateTemplate(runner.env!.APPROVED_PLAN!, fresh)).toBe("");
  });
});
