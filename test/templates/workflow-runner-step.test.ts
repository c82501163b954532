import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { serializeSpec } from "../../app/spec/render-spec.js";
import type { Action } from "../../app/spec/spec-schema.js";
import { actionStepProcess, parseActionMetadata } from "./support/action-step.js";
import { dispatchRunContexts } from "./support/dispatch-contexts.js";
import { parseWorkflowFile } from "./support/parse-workflow.js";
import { sampleSpec } from "./support/sample-spec.js";
import { jobEnv, jobsThatRun, loadWorkflow, WORKFLOW_PATH } from "./support/workflow.js";

const action = parseActionMetadata("action.yml", readFileSync(new URL("../../action.yml", import.meta.url), "utf8"));
const parsed = await parseWorkflowFile("envbranch.yml", readFileSync(WORKFLOW_PATH, "utf8"));
const workflow = loadWorkflow();

/** The runner step's process for a dispatch of `action`, as GitHub's runner would start it. */
function runnerStep(action_: Action) {
  const spec = sampleSpec({ action: action_ });
  const inputs = { spec: serializeSpec(spec), correlation_id: spec.correlationId };
  const base = dispatchRunContexts({ inputs, repository: "acme/shop", branch: spec.branch, token: "ghs_jobtoken", triggeringActor: "envbranch[bot]" });
  const [jobId] = jobsThatRun(workflow, base).filter((id) => workflow.jobs[id]!.steps.some((s) => s.id === "runner"));
  const contexts = { ...dispatchRunContexts({ inputs, repository: "acme/shop", branch: spec.branch, token: "ghs_jobtoken", triggeringActor: "envbranch[bot]", job: jobId! }), needs: {}, job: {}, strategy: {}, matrix: {}, secrets: {}, steps: {} };
  const env = jobEnv(workflow, jobId!, contexts);
  return { spec, jobId, process: actionStepProcess({ workflow: parsed, jobId: jobId!, stepId: "runner", action, contexts: { ...contexts, env }, host: { PATH: "/usr/bin" } }) };
}

describe("the runner step, evaluated by GitHub's parser and engine against the action's own action.yml", () => {
  it.each(["plan", "apply", "deploy", "destroy", "unlock"] as const)("gives the %s run's action exactly the dispatched spec, the job's token, and nothing it does not declare", (name) => {
    const { spec, process } = runnerStep(name);
    expect(process.warnings).toEqual([]);
    expect(process.missingRequiredInputs).toEqual([]);
    expect(process.env.INPUT_SPEC).toBe(serializeSpec(spec));
    expect(process.env["INPUT_GITHUB-TOKEN"]).toBe("ghs_jobtoken");
    expect(process.inputs).toMatchObject({ "lock-timeout": "2m", "out-dir": ".envbranch", "working-directory": "." });
    expect(process.env.GITHUB_TRIGGERING_ACTOR).toBe("envbranch[bot]");
    expect(process.env.ENVBRANCH_BOT_LOGIN).toBe("envbranch[bot]");
    // Terraform's azurerm provider and backend log in as the identity the spec names for this action.
    expect(process.env.ARM_CLIENT_ID).toBe(spec.terraform.backend.client_id);
    expect(process.env.ARM_USE_OIDC).toBe("true");
  });

  it("runs plans in the plan job and everything else in the infrastructure job", () => {
    expect(runnerStep("plan").jobId).toBe("plan");
    for (const name of ["apply", "deploy", "destroy", "unlock"] as const) expect(runnerStep(name).jobId).toBe("infrastructure");
  });
});
