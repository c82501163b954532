import { useAppTest } from "../support/app-test.js";
import { expectPushUntilDispatch } from "../support/push-flow.js";
import { describe, expect, it } from "vitest";
import { readProgress } from "../../app/decisions/run-progress.js";
import { parseSpec } from "../../app/spec/spec-schema.js";
import { webhookEvent } from "../support/github/webhooks.js";
import { pushPayload } from "../support/app-under-test.js";
import { rawTestConfig } from "../support/test-config.js";

const SHA = "6113728f27ae82c7b1a177c8d03f9e96e0adf246";

const t = useAppTest();

/** Declares the calls of a push that dispatches, in order. */
function expectDispatchingPush() {
  const { create, deployment } = expectPushUntilDispatch(t);
  const dispatch = t.fake.expectDispatch();
  t.fake.expectQueueCheck();
  const update = t.fake.expectCheckRunUpdate();
  return { create, deployment, dispatch, update };
}

describe("push to an environment branch", () => {
  it("creates a check run and a deployment, and dispatches apply with the rendered spec", async () => {
    const calls = expectDispatchingPush();
    await t.app.probot.receive(webhookEvent("push", pushPayload("env-alice", SHA, { created: true })));
    t.gh.assertDone();

    expect(calls.create.calls[0]?.body).toMatchObject({ name: "envbranch: env-alice", head_sha: SHA, external_id: `envbranch:alice:${SHA}:apply`, status: "in_progress" });
    expect(calls.deployment?.calls[0]?.body).toMatchObject({ ref: SHA, environment: "env-alice", auto_merge: false, required_contexts: [], payload: { branch: "env-alice", action: "apply" } });
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

  it("costs 8 GitHub API calls where no answer carries an ETag to revalidate, plus the installation token", async () => {
    expectDispatchingPush();
    await t.app.probot.receive(webhookEvent("push", pushPayload("env-alice", SHA)));
    t.gh.assertDone();
    const calls = t.gh.requests.filter((r) => r.operationId !== "apps/create-installation-access-token");
    console.log(`GitHub API calls per push: ${calls.length} (+${t.gh.requests.length - calls.length} token)`);
    expect(calls.map((c) => c.operationId)).toEqual([
      "repos/get-content",
      "git/list-matching-refs",
      "checks/create",
      "checks/list-for-ref",
      "repos/create-deployment",
      "actions/create-workflow-dispatch",
      "checks/update",
      "git/list-matching-refs",
    ]);
  });

  it("leaves a dispatched run in progress when the queue-order check after it fails, and reports that failure on its own", async () => {
    expectPushUntilDispatch(t);
    t.fake.expectDispatch();
    const update = t.fake.expectCheckRunUpdate();
    const readBack = t.gh.on("GET /repos/Codertocat/Hello-World/git/matching-refs/{ref}", () => ({ status: 500, body: { message: "Server Error" } }));
    await t.app.probot.receive(webhookEvent("push", pushPayload("env-alice", SHA), "follow-up-fails"));
    t.gh.assertDone();

    expect(readBack.calls).toHaveLength(1);
    expect(update.calls).toHaveLength(1);
    const [run] = t.fake.checkRuns;
    expect(t.fake.checkRuns).toHaveLength(1);
    expect(run).toMatchObject({ status: "queued", conclusion: null, details_url: "https://github.com/Codertocat/Hello-World/actions/runs/5001" });
    expect(readProgress(run!.output.summary)).toMatchObject({ stage: "dispatched", runId: 5001 });
    const errors = t.app.logs.filter((l) => l.level >= 50);
    expect(errors.map((l) => [l.delivery, l.environment, String(l.msg)])).toEqual([
      ["follow-up-fails", "env-alice", expect.stringMatching(/^could not check that the newest commit runs last: .*Server Error; a push to the branch checks again$/)],
    ]);
  });

  it("offers a Retry button on its check run where the dispatch failed with a passing fault", async () => {
    expectPushUntilDispatch(t);
    t.fake.expectDispatch(() => ({ status: 500, body: { message: "Server Error" } }));
    const update = t.fake.expectCheckRunUpdate();
    await t.app.probot.receive(webhookEvent("push", pushPayload("env-alice", SHA)));
    t.gh.assertDone();
    expect(update.calls[0]?.body).toMatchObject({ conclusion: "failure", actions: [{ label: "Retry", identifier: "retry" }] });
  });

  it("dispatches once when the same push is delivered again", async () => {
    expectDispatchingPush();
    t.fake.expectConfig(rawTestConfig());
    t.fake.expectBranches(["env-alice"]);
    t.fake.expectStartRun();
    t.fake.expectCheckRunUpdate();
    const event = webhookEvent("push", pushPayload("env-alice", SHA));
    await t.app.probot.receive(event);
    await t.app.probot.receive(event);
    t.gh.assertDone();
    expect(t.fake.dispatches).toHaveLength(1);
    // The redelivery's own check run stood down, renamed so it does not hide the run under the environment's name.
    expect(t.fake.checkRuns.map((r) => [r.name, r.conclusion])).toEqual([
      ["envbranch: env-alice", null],
      ["envbranch: env-alice (duplicate delivery)", "neutral"],
    ]);
  });

  it("plans, without a deployment, where the environment needs approval", async () => {
    t.gh.installationToken();
    t.fake.expectConfig(rawTestConfig({ environments: [{ branch: "env-prod*", approval: "required" }] }));
    t.fake.expectBranches(["env-prod"]);
    t.fake.expectStartRun();
    const dispatch = t.fake.expectDispatch();
    t.fake.expectQueueCheck();
    t.fake.expectCheckRunUpdate();
    await t.app.probot.receive(webhookEvent("push", pushPayload("env-prod", SHA)));
    t.gh.assertDone();
    expect(parseSpec((dispatch.calls[0]?.body as { inputs: { spec: string } }).inputs.spec).action).toBe("plan");
    expect(t.fake.checkRuns[0]).toMatchObject({ external_id: `envbranch:prod:${SHA}:plan`, output: { title: "Planning env-prod" } });
  });

  it("only deploys, without Terraform, when no Terraform path changed and the last deployment settled", async () => {
    t.fake.deployments.push({ id: 1, sha: "b".repeat(40), ref: "b".repeat(40), environment: "env-alice", payload: { branch: "env-alice" } });
    t.fake.deploymentStatuses.push({ deploymentId: 1, state: "success" });
    expectPushUntilDispatch(t, { lastDeployment: true });
    const dispatch = t.fake.expectDispatch();
    t.fake.expectQueueCheck();
    t.fake.expectCheckRunUpdate();
    await t.app.probot.receive(webhookEvent("push", pushPayload("env-alice", SHA, { modified: ["src/server.js"] })));
    t.gh.assertDone();
    expect(parseSpec((dispatch.calls[0]?.body as { inputs: { spec: string } }).inputs.spec).action).toBe("deploy");
  });

  it("applies an app-only change while the last apply has not settled, so a pending apply is never replaced", async () => {
    t.fake.deployments.push({ id: 1, sha: "b".repeat(40), ref: "b".repeat(40), environment: "env-alice", payload: { branch: "env-alice" } });
    expectPushUntilDispatch(t, { lastDeployment: true });
    const dispatch = t.fake.expectDispatch();
    t.fake.expectQueueCheck();
    t.fake.expectCheckRunUpdate();
    await t.app.probot.receive(webhookEvent("push", pushPayload("env-alice", SHA, { modified: ["src/server.js"] })));
    t.gh.assertDone();
    expect(parseSpec((dispatch.calls[0]?.body as { inputs: { spec: string } }).inputs.spec).action).toBe("apply");
  });
});
