import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseSpec } from "../../app/spec/spec-schema.js";
import { cleanupGitHubMocks, mockGitHub, type MockGitHub } from "../support/github/mock-github.js";
import { createTestProbot, type TestProbot } from "../support/github/test-probot.js";
import { webhookEvent } from "../support/github/webhooks.js";
import { appWith, pushPayload } from "../support/app-under-test.js";
import { RepoFake } from "../support/repo-fake.js";
import { rawTestConfig } from "../support/test-config.js";

const SHA = "6113728f27ae82c7b1a177c8d03f9e96e0adf246";

let gh: MockGitHub;
let fake: RepoFake;
let app: TestProbot;

beforeEach(async () => {
  gh = mockGitHub();
  fake = new RepoFake(gh);
  app = await createTestProbot(appWith().appFn);
});
afterEach((context) => cleanupGitHubMocks(context));

/** Declares the calls of a push that dispatches, in order. */
function expectDispatchingPush(branches = ["env-alice"], config = rawTestConfig()) {
  gh.installationToken();
  fake.expectConfig(config);
  fake.expectBranches(branches);
  fake.expectCheckRunLookup();
  const create = fake.expectStartRun();
  const deployment = fake.expectDeploymentCreate();
  const dispatch = fake.expectDispatch();
  fake.expectWorkflowRunGet();
  const update = fake.expectCheckRunUpdate();
  return { create, deployment, dispatch, update };
}

describe("push to an environment branch", () => {
  it("creates a check run and a deployment, and dispatches apply with the rendered spec", async () => {
    const calls = expectDispatchingPush();
    await app.probot.receive(webhookEvent("push", pushPayload("env-alice", SHA, { created: true })));
    gh.assertDone();

    expect(calls.create.calls[0]?.body).toMatchObject({ name: "envbranch: env-alice", head_sha: SHA, external_id: `envbranch:alice:${SHA}:apply`, status: "in_progress" });
    expect(calls.deployment.calls[0]?.body).toMatchObject({ ref: SHA, environment: "env-alice", auto_merge: false, required_contexts: [], payload: { branch: "env-alice", action: "apply" } });
    const dispatched = calls.dispatch.calls[0]?.body as { ref: string; inputs: { spec: string; correlation_id: string }; return_run_details: boolean };
    expect(dispatched).toMatchObject({ ref: "env-alice", return_run_details: true });
    const spec = parseSpec(dispatched.inputs.spec);
    expect(spec).toMatchObject({ action: "apply", sha: SHA, branch: "env-alice", environment: { slug: "alice", resourceGroup: "rg-helloworld-alice" } });
    expect(dispatched.inputs.correlation_id).toBe(spec.correlationId);
    expect(calls.dispatch.calls[0]?.params.workflow_id).toBe("envbranch.yml");
    // The check run shows what was rendered and links the run.
    const update = calls.update.calls[0]?.body as { details_url: string; status: string; output: { summary: string; text: string } };
    expect(update.details_url).toBe("https://github.com/Codertocat/Hello-World/actions/runs/5001");
    expect(update.output.text).toContain("envbranch.azurerm.tfbackend");
    expect(update.output.text).toContain(`key = "envbranch/codertocat/hello-world/alice.tfstate"`);
    expect(update.output.summary).toContain(spec.correlationId);
  });

  it("costs 9 GitHub API calls, plus the installation token", async () => {
    expectDispatchingPush();
    await app.probot.receive(webhookEvent("push", pushPayload("env-alice", SHA)));
    gh.assertDone();
    const calls = gh.requests.filter((r) => r.operationId !== "apps/create-installation-access-token");
    console.log(`GitHub API calls per push: ${calls.length} (+${gh.requests.length - calls.length} token)`);
    expect(calls.map((c) => c.operationId)).toEqual([
      "repos/get-content",
      "git/list-matching-refs",
      "checks/list-for-ref",
      "checks/create",
      "checks/list-for-ref",
      "repos/create-deployment",
      "actions/create-workflow-dispatch",
      "checks/update",
      "actions/get-workflow-run",
    ]);
  });

  it("dispatches once when the same push is delivered again", async () => {
    expectDispatchingPush();
    fake.expectConfig(rawTestConfig());
    fake.expectBranches(["env-alice"]);
    fake.expectCheckRunLookup();
    const event = webhookEvent("push", pushPayload("env-alice", SHA));
    await app.probot.receive(event);
    await app.probot.receive(event);
    gh.assertDone();
    expect(fake.dispatches).toHaveLength(1);
    expect(gh.count("checks/create")).toBe(1);
  });

  it("plans, without a deployment, where the environment needs approval", async () => {
    gh.installationToken();
    fake.expectConfig(rawTestConfig({ environments: [{ branch: "env-prod*", approval: "required" }] }));
    fake.expectBranches(["env-prod"]);
    fake.expectCheckRunLookup();
    fake.expectStartRun();
    const dispatch = fake.expectDispatch();
    fake.expectWorkflowRunGet();
    fake.expectCheckRunUpdate();
    await app.probot.receive(webhookEvent("push", pushPayload("env-prod", SHA)));
    gh.assertDone();
    expect(parseSpec((dispatch.calls[0]?.body as { inputs: { spec: string } }).inputs.spec).action).toBe("plan");
    expect(fake.checkRuns[0]).toMatchObject({ external_id: `envbranch:prod:${SHA}:plan`, output: { title: "Planning env-prod" } });
  });

  it("only deploys, without Terraform, when no Terraform path changed and the last deployment settled", async () => {
    fake.deployments.push({ id: 1, sha: "b".repeat(40), ref: "b".repeat(40), environment: "env-alice", payload: { branch: "env-alice" } });
    fake.deploymentStatuses.push({ deploymentId: 1, state: "success" });
    gh.installationToken();
    fake.expectConfig(rawTestConfig());
    fake.expectBranches(["env-alice"]);
    fake.expectDeploymentList();
    fake.expectDeploymentStatusList();
    fake.expectCheckRunLookup();
    fake.expectStartRun();
    fake.expectDeploymentCreate();
    const dispatch = fake.expectDispatch();
    fake.expectWorkflowRunGet();
    fake.expectCheckRunUpdate();
    await app.probot.receive(webhookEvent("push", pushPayload("env-alice", SHA, { modified: ["src/server.js"] })));
    gh.assertDone();
    expect(parseSpec((dispatch.calls[0]?.body as { inputs: { spec: string } }).inputs.spec).action).toBe("deploy");
  });

  it("applies an app-only change while the last apply has not settled, so a pending apply is never replaced", async () => {
    fake.deployments.push({ id: 1, sha: "b".repeat(40), ref: "b".repeat(40), environment: "env-alice", payload: { branch: "env-alice" } });
    gh.installationToken();
    fake.expectConfig(rawTestConfig());
    fake.expectBranches(["env-alice"]);
    fake.expectDeploymentList();
    fake.expectDeploymentStatusList();
    fake.expectCheckRunLookup();
    fake.expectStartRun();
    fake.expectDeploymentCreate();
    const dispatch = fake.expectDispatch();
    fake.expectWorkflowRunGet();
    fake.expectCheckRunUpdate();
    await app.probot.receive(webhookEvent("push", pushPayload("env-alice", SHA, { modified: ["src/server.js"] })));
    gh.assertDone();
    expect(parseSpec((dispatch.calls[0]?.body as { inputs: { spec: string } }).inputs.spec).action).toBe("apply");
  });
});
