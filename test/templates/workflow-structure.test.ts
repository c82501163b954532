import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { evaluateTemplate } from "./support/evaluate-expression.js";
import { dispatchInputs, sampleSpec } from "./support/sample-spec.js";
import { allSteps, dispatchContexts, jobsThatRun, loadWorkflow, stepName, WORKFLOW_PATH, type Step } from "./support/workflow.js";

const workflow = loadWorkflow();

/** The runner, as a JavaScript action of this repository (action.yml at its root). */
const RUNNER_ACTION = "envbranch/envbranch";

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
    const spec = sampleSpec({ action: "apply", savedPlan: { key: "envbranch/acme/shop/alice/plans/alice-plan-1-0123abcd.tfplan", sha256: "a".repeat(64) } });
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
    expect(scripts.length).toBeGreaterThanOrEqual(3);
    for (const { jobId, step } of scripts) expect(step.run, `${jobId}: ${stepName(step)}`).not.toContain("${{");
  });

  it("grants nothing at the top and the least each job needs", () => {
    expect(workflow.permissions).toEqual({});
    expect(workflow.jobs.plan?.permissions).toEqual({ contents: "read", "id-token": "write" });
    expect(workflow.jobs.infrastructure?.permissions).toEqual({ contents: "read", "id-token": "write" });
    expect(workflow.jobs.build?.permissions).toEqual({ contents: "read" });
    expect(workflow.jobs.deploy?.permissions).toEqual({ "id-token": "write" });
  });

  it("asks for `actions: read` only where a saved plan of another run is downloaded", () => {
    for (const [jobId, job] of Object.entries(workflow.jobs)) {
      const crossRun = job.steps.some((s) => s.uses?.startsWith("actions/download-artifact@") && s.with?.["run-id"] !== undefined);
      expect(job.permissions?.actions === "read", jobId).toBe(crossRun);
    }
  });

  it("pins the envbranch runner to a full commit SHA and every other action to a major version", () => {
    const uses = allSteps(workflow).flatMap(({ step }) => (step.uses ? [step.uses] : []));
    expect(uses.length).toBeGreaterThan(5);
    // The runner holds the Azure login and an OIDC token: a moving tag would let whoever moves it run code there.
    const runners = uses.filter((use) => use.startsWith(`${RUNNER_ACTION}@`));
    expect(runners).toHaveLength(2);
    for (const use of runners) expect(use).toMatch(/^[\w.-]+\/envbranch@[0-9a-f]{40}$/);
    for (const use of uses.filter((u) => !runners.includes(u))) expect(use).toMatch(/^[\w.-]+\/[\w.-]+(?:\/[\w.-]+)?@v\d+$/);
  });

  it("fetches nothing from a package registry to run envbranch", () => {
    expect(readFileSync(WORKFLOW_PATH, "utf8")).not.toMatch(/\bnpx\b|npm (?:exec|install|i) envbranch/);
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

describe("the jobs that run envbranch", () => {
  const RUNNER_JOBS = ["plan", "infrastructure"] as const;

  it.each(RUNNER_JOBS)("%s runs the pinned runner action with the spec as its input and OIDC for Terraform", (jobId) => {
    const runner = findStep(jobId, (s) => s.id === "runner");
    expect(runner.uses).toMatch(new RegExp(`^${RUNNER_ACTION}@[0-9a-f]{40}$`));
    expect(runner.with).toEqual({ spec: "${{ inputs.spec }}" });
    expect(runner.env).toMatchObject({ ARM_USE_OIDC: "true", TF_PLUGIN_CACHE_DIR: "${{ runner.temp }}/terraform-plugin-cache" });
    expect(runner.run).toBeUndefined();
  });

  it.each(RUNNER_JOBS)("%s sets up Terraform at the spec's version without the output-mangling wrapper", (jobId) => {
    const setup = findStep(jobId, (s) => s.uses?.startsWith("hashicorp/setup-terraform@") ?? false);
    expect(setup.with).toEqual({ terraform_version: "${{ fromJSON(inputs.spec).terraform.version }}", terraform_wrapper: false });
  });

  it.each(RUNNER_JOBS)("%s uploads the result alone under the correlation id, also after a failure", (jobId) => {
    const uploads = workflow.jobs[jobId]!.steps.filter((s) => s.uses?.startsWith("actions/upload-artifact@"));
    expect(uploads).toHaveLength(1);
    const [upload] = uploads as [Step];
    expect(upload.if).toBe("${{ always() }}");
    expect(upload.with?.name).toBe("envbranch-${{ inputs.correlation_id }}");
    // Saved plans, plan JSON and states hold secrets in clear; anyone who can read the repository can download artifacts.
    expect(upload.with?.path).toBe(".envbranch/result.json");
    expect(upload.with?.["include-hidden-files"]).toBe(true);
  });

  it("never uploads a plan, a plan JSON or a state from any job", () => {
    for (const { step } of allSteps(workflow).filter(({ step }) => step.uses?.startsWith("actions/upload-artifact@"))) {
      expect(String(step.with?.path)).not.toMatch(/\.tfplan|plan\.json|\.tfstate|\.envbranch\/?$|\.envbranch\/\*/);
    }
  });

  it("runs plans in the envbranch-plan job environment, without a deployment record, and nothing else there", () => {
    expect(workflow.jobs.plan?.environment).toEqual({ name: "envbranch-plan", deployment: false });
    for (const [jobId, job] of Object.entries(workflow.jobs).filter(([id]) => id !== "plan")) expect(job.environment, jobId).toBeUndefined();
    const contexts = (action: "plan" | "apply") => dispatchContexts(dispatchInputs(sampleSpec({ action })));
    expect(jobsThatRun(workflow, contexts("plan"))).toEqual(["plan"]);
    expect(jobsThatRun(workflow, contexts("apply"))).not.toContain("plan");
  });

  it("lets a plan restore the provider cache but never save one an apply would restore", () => {
    const planCache = workflow.jobs.plan!.steps.filter((s) => s.uses?.startsWith("actions/cache"));
    expect(planCache.map((s) => s.uses)).toEqual(["actions/cache/restore@v5"]);
    const applyCache = workflow.jobs.infrastructure!.steps.filter((s) => s.uses?.startsWith("actions/cache"));
    expect(applyCache.map((s) => s.uses)).toEqual(["actions/cache/restore@v5", "actions/cache/save@v5"]);
    const ids = workflow.jobs.infrastructure!.steps.map((s) => s.id ?? s.uses);
    expect(ids.indexOf("runner")).toBeLessThan(ids.indexOf("actions/cache/save@v5"));
  });
});
