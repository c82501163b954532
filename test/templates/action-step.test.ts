import { beforeAll, describe, expect, it } from "vitest";
import { actionStepProcess, parseActionMetadata } from "./support/action-step.js";
import { dispatchRunContexts } from "./support/dispatch-contexts.js";
import { parseWorkflowFile, type ParsedWorkflow } from "./support/parse-workflow.js";

const WORKFLOW = `
name: small
on:
  workflow_dispatch:
    inputs:
      spec: { type: string, required: true }
env:
  TOP: top-\${{ inputs.spec != '' }}
jobs:
  run:
    runs-on: ubuntu-latest
    env:
      ENVIRONMENT: \${{ fromJSON(inputs.spec).environment }}
    steps:
      - id: act
        uses: acme/act@0123456789abcdef0123456789abcdef01234567
        env:
          FROM_STEP: \${{ env.ENVIRONMENT }}-step
          GITHUB_SHA: not-the-sha
        with:
          spec: \${{ inputs.spec }}
          lock-timeout: \${{ fromJSON(inputs.spec).lockTimeout }}
          out-dir: \${{ runner.temp }}/out
          dry run: true
      - uses: acme/act@0123456789abcdef0123456789abcdef01234567
        with:
          spec: x
          colour: blue
      - uses: acme/act@0123456789abcdef0123456789abcdef01234567
        with:
          spec: \${{ fromJSON(inputs.spec) }}
`;

const ACTION = `
name: act
description: a small action
inputs:
  spec: { description: the spec, required: true }
  github-token: { description: a token, default: "\${{ github.token }}" }
  lock-timeout: { description: how long to wait }
  out-dir: { description: where to write }
  working-directory: { description: where to run, default: . }
  dry run: { description: plan only, default: "false" }
  plan-identity: { description: required and missing, required: true }
runs:
  using: node24
  main: dist/index.js
`;

describe("the process GitHub gives a JavaScript action", () => {
  let workflow: ParsedWorkflow;
  const action = parseActionMetadata("action.yml", ACTION);
  const spec = JSON.stringify({ environment: "alice", lockTimeout: "5m" });
  const contexts = dispatchRunContexts({ inputs: { spec }, token: "ghs_token", sha: "c".repeat(40), actor: "alice", workspace: "/ws" });
  const processFor = (stepId: string) => actionStepProcess({ workflow, jobId: "run", stepId, action, contexts, host: { PATH: "/usr/bin", CI: "" } });

  beforeAll(async () => {
    workflow = await parseWorkflowFile("small.yml", WORKFLOW);
  });

  it("passes each `with:` input, evaluated, as INPUT_<NAME> with hyphens kept and spaces as _", () => {
    const { env, inputs } = processFor("act");
    expect(inputs).toMatchObject({ spec, "lock-timeout": "5m", "out-dir": "/home/runner/work/_temp/out", "dry run": "true" });
    expect(env).toMatchObject({ INPUT_SPEC: spec, "INPUT_LOCK-TIMEOUT": "5m", "INPUT_OUT-DIR": "/home/runner/work/_temp/out", INPUT_DRY_RUN: "true" });
  });

  it("gives an omitted input its default, evaluated, and '' without one", () => {
    const { env } = processFor("act");
    expect(env).toMatchObject({ "INPUT_GITHUB-TOKEN": "ghs_token", "INPUT_WORKING-DIRECTORY": ".", "INPUT_PLAN-IDENTITY": "" });
  });

  it("does not stop on a missing required input: the runner passes '' and the language service flags it", () => {
    const result = processFor("act");
    expect(result.missingRequiredInputs).toEqual(["plan-identity"]);
    expect(result.warnings).toEqual([]);
  });

  it("warns about an input the action does not declare, as the runner does", () => {
    expect(processFor("__acme_act").warnings).toEqual([expect.stringMatching(/^Unexpected input\(s\) 'colour', valid inputs are \['spec', 'github-token'/)]);
  });

  it("refuses an input that evaluates to a mapping, which GitHub cannot pass as a string", () => {
    expect(() => processFor("__acme_act_2")).toThrow(/mapping was not expected/);
  });

  it("layers the workflow's, the job's and the step's env, but never over GitHub's own variables", () => {
    const { env } = processFor("act");
    expect(env).toMatchObject({ TOP: "top-true", ENVIRONMENT: "alice", FROM_STEP: "alice-step", GITHUB_SHA: "c".repeat(40), PATH: "/usr/bin" });
  });

  it("sets the variables a dispatched run has, and no token", () => {
    const { env } = processFor("act");
    expect(env).toMatchObject({
      GITHUB_ACTIONS: "true",
      CI: "", // the host's CI wins; only an unset CI becomes true
      GITHUB_EVENT_NAME: "workflow_dispatch",
      GITHUB_ACTOR: "alice",
      GITHUB_TRIGGERING_ACTOR: "alice",
      GITHUB_REPOSITORY: "octo-org/octo-repo",
      GITHUB_RUN_ID: "1",
      GITHUB_SERVER_URL: "https://github.com",
      GITHUB_WORKSPACE: "/ws",
      GITHUB_OUTPUT: expect.stringMatching(/^\/home\/runner\/work\/_temp\/_runner_file_commands\/set_output_/),
      GITHUB_STEP_SUMMARY: expect.stringMatching(/step_summary_/),
      RUNNER_TEMP: "/home/runner/work/_temp",
    });
    expect(Object.keys(env).filter((k) => k.includes("TOKEN") && !k.startsWith("INPUT_"))).toEqual([]); // github.token is a context, not a variable
    expect(actionStepProcess({ workflow, jobId: "run", stepId: "act", action, contexts }).env.CI).toBe("true");
  });

  it("names a step that does not exist", () => {
    expect(() => processFor("nope")).toThrow(/no step nope/);
  });
});
