import { useAppTest } from "../support/app-test.js";
import { describe, expect, it } from "vitest";
import { parseSpec } from "../../app/spec/spec-schema.js";
import { loadExample, webhookEvent } from "../support/github/webhooks.js";
import { deletePayload } from "../support/app-under-test.js";
import { rawTestConfig } from "../support/test-config.js";
import { exampleResponse } from "../support/github/openapi.js";

const DEPLOYED = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";

const t = useAppTest();

function deployed(branch: string, environment = "env-alice", sha = DEPLOYED) {
  t.fake.deployments.push({ id: t.fake.deployments.length + 1, sha, ref: sha, environment, payload: { branch, correlationId: "c", action: "apply" } });
}

describe("deleting an environment branch", () => {
  it("dispatches destroy of the last deployed commit on the default branch, tracked in a check run", async () => {
    deployed("env-alice", "env-alice", "b".repeat(40));
    deployed("env-alice");
    t.gh.installationToken();
    t.fake.expectConfig(rawTestConfig());
    t.fake.expectDeploymentList();
    const create = t.fake.expectStartRun();
    const dispatch = t.fake.expectDispatch();
    const update = t.fake.expectCheckRunUpdate();
    await t.app.probot.receive(webhookEvent("delete", deletePayload("env-alice")));
    t.gh.assertDone();

    expect(create.calls[0]?.body).toMatchObject({ head_sha: DEPLOYED, external_id: `envbranch:alice:${DEPLOYED}:destroy` });
    const body = dispatch.calls[0]?.body as { ref: string; inputs: { spec: string } };
    expect(body.ref).toBe("master");
    expect(parseSpec(body.inputs.spec)).toMatchObject({ action: "destroy", sha: DEPLOYED, branch: "env-alice" });
    expect(update.calls[0]?.body).toMatchObject({ output: { title: "Destroying env-alice" } });
    const calls = t.gh.requests.filter((r) => r.operationId !== "apps/create-installation-access-token");
    console.log(`GitHub API calls per delete: ${calls.length} (+${t.gh.requests.length - calls.length} token)`);
    expect(calls).toHaveLength(6);
  });

  it("leaves a failed check run on the default branch's head when the config is invalid: the environment is still running, and how to destroy it", async () => {
    const HEAD = "f".repeat(40);
    t.gh.installationToken();
    t.fake.expectConfig("azure:\n  subscriptionId: nope\n", 2);
    const head = t.gh.on("GET /repos/{owner}/{repo}/branches/{branch}", (call) => ({
      status: 200,
      body: { ...(exampleResponse("repos/get-branch") as object), name: call.params.branch, commit: { ...(exampleResponse("repos/get-branch") as { commit: object }).commit, sha: HEAD } },
    }));
    const create = t.fake.expectCheckRunCreate();
    await t.app.probot.receive(webhookEvent("delete", deletePayload("env-alice")));
    t.gh.assertDone();

    expect(head.calls[0]?.params.branch).toBe("master");
    expect(t.fake.dispatches).toHaveLength(0);
    expect(create.calls[0]?.body).toMatchObject({ head_sha: HEAD, name: "envbranch: env-alice", conclusion: "failure", output: { title: "env-alice was deleted, but its environment is still running" } });
    const summary = (create.calls[0]?.body as { output: { summary: string } }).output.summary;
    expect(summary).toContain("push `env-alice` again and delete it again");
    expect(summary).toContain("`envbranch run destroy --branch env-alice`");
    expect(summary).toContain("`azure.subscriptionId`: must be a GUID");
  });

  it("dispatches destroy once when the deletion is delivered again", async () => {
    deployed("env-alice");
    t.gh.installationToken();
    t.fake.expectConfig(rawTestConfig(), 2);
    t.fake.expectDeploymentList(2);
    t.fake.expectStartRun(2);
    t.fake.expectDispatch();
    // The run's progress, then the second delivery's own check run standing down.
    t.fake.expectCheckRunUpdate(2);
    const event = webhookEvent("delete", deletePayload("env-alice"));
    await t.app.probot.receive(event);
    await t.app.probot.receive(event);
    t.gh.assertDone();
    expect(t.fake.dispatches).toHaveLength(1);
    expect(t.fake.checkRuns.map((r) => [r.name, r.conclusion])).toEqual([
      ["envbranch: env-alice", null],
      ["envbranch: env-alice (duplicate delivery)", "neutral"],
    ]);
  });

  it("destroys nothing for a branch that was never deployed", async () => {
    t.gh.installationToken();
    t.fake.expectConfig(rawTestConfig());
    t.fake.expectDeploymentList();
    await t.app.probot.receive(webhookEvent("delete", deletePayload("env-alice")));
    t.gh.assertDone();
    expect(t.app.logs.some((l) => l.msg === "environment was never deployed; nothing to destroy" && l.environment === "env-alice")).toBe(true);
  });

  it("leaves an environment alone that belongs to another branch with the same slug", async () => {
    deployed("env-alice");
    t.gh.installationToken();
    t.fake.expectConfig(rawTestConfig());
    t.fake.expectDeploymentList();
    await t.app.probot.receive(webhookEvent("delete", deletePayload("env-Alice")));
    t.gh.assertDone();
    expect(t.fake.dispatches).toHaveLength(0);
  });

  it("ignores tags and branches outside the prefix", async () => {
    await t.app.probot.receive(webhookEvent("delete", loadExample("delete", (p) => p.installation !== undefined)));
    t.gh.installationToken();
    t.fake.expectConfig(rawTestConfig());
    await t.app.probot.receive(webhookEvent("delete", deletePayload("feature-x")));
    t.gh.assertDone();
    expect(t.gh.count()).toBe(2);
  });

  it("says what is left behind when destroy cannot be dispatched and the app has no Azure access", async () => {
    deployed("env-alice");
    t.gh.installationToken();
    t.fake.expectConfig(rawTestConfig());
    t.fake.expectDeploymentList();
    t.fake.expectStartRun();
    t.fake.expectDispatch(() => ({ status: 404, body: { message: "Not Found" } }));
    const update = t.fake.expectCheckRunUpdate(2);
    await t.app.probot.receive(webhookEvent("delete", deletePayload("env-alice")));
    t.gh.assertDone();
    const last = update.calls[1]?.body as { conclusion: string; output: { summary: string } };
    expect(last.conclusion).toBe("failure");
    expect(last.output.summary).toContain("rg-helloworld-alice is still there");
    expect(last.output.summary).toContain("no Azure access");
  });
});
