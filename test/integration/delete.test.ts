import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseSpec } from "../../app/spec/spec-schema.js";
import { cleanupGitHubMocks, mockGitHub, type MockGitHub } from "../support/github/mock-github.js";
import { createTestProbot, type TestProbot } from "../support/github/test-probot.js";
import { loadExample, webhookEvent } from "../support/github/webhooks.js";
import { appWith, deletePayload } from "../support/app-under-test.js";
import { RepoFake } from "../support/repo-fake.js";
import { rawTestConfig } from "../support/test-config.js";

const DEPLOYED = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";

let gh: MockGitHub;
let fake: RepoFake;
let app: TestProbot;

beforeEach(async () => {
  gh = mockGitHub();
  fake = new RepoFake(gh);
  app = await createTestProbot(appWith().appFn);
});
afterEach((context) => cleanupGitHubMocks(context));

function deployed(branch: string, environment = "env-alice", sha = DEPLOYED) {
  fake.deployments.push({ id: fake.deployments.length + 1, sha, ref: sha, environment, payload: { branch, correlationId: "c", action: "apply" } });
}

describe("deleting an environment branch", () => {
  it("dispatches destroy of the last deployed commit on the default branch, tracked in a check run", async () => {
    deployed("env-alice", "env-alice", "b".repeat(40));
    deployed("env-alice");
    gh.installationToken();
    fake.expectConfig(rawTestConfig());
    fake.expectDeploymentList();
    fake.expectCheckRunLookup();
    const create = fake.expectStartRun();
    const dispatch = fake.expectDispatch();
    const update = fake.expectCheckRunUpdate();
    await app.probot.receive(webhookEvent("delete", deletePayload("env-alice")));
    gh.assertDone();

    expect(create.calls[0]?.body).toMatchObject({ head_sha: DEPLOYED, external_id: `envbranch:alice:${DEPLOYED}:destroy` });
    const body = dispatch.calls[0]?.body as { ref: string; inputs: { spec: string } };
    expect(body.ref).toBe("master");
    expect(parseSpec(body.inputs.spec)).toMatchObject({ action: "destroy", sha: DEPLOYED, branch: "env-alice" });
    expect(update.calls[0]?.body).toMatchObject({ output: { title: "Destroying env-alice" } });
    const calls = gh.requests.filter((r) => r.operationId !== "apps/create-installation-access-token");
    console.log(`GitHub API calls per delete: ${calls.length} (+${gh.requests.length - calls.length} token)`);
    expect(calls).toHaveLength(7);
  });

  it("dispatches destroy once when the deletion is delivered again", async () => {
    deployed("env-alice");
    gh.installationToken();
    fake.expectConfig(rawTestConfig(), 2);
    fake.expectDeploymentList(2);
    fake.expectCheckRunLookup(2);
    fake.expectStartRun();
    fake.expectDispatch();
    fake.expectCheckRunUpdate();
    const event = webhookEvent("delete", deletePayload("env-alice"));
    await app.probot.receive(event);
    await app.probot.receive(event);
    gh.assertDone();
    expect(fake.dispatches).toHaveLength(1);
  });

  it("destroys nothing for a branch that was never deployed", async () => {
    gh.installationToken();
    fake.expectConfig(rawTestConfig());
    fake.expectDeploymentList();
    await app.probot.receive(webhookEvent("delete", deletePayload("env-alice")));
    gh.assertDone();
    expect(app.logs.some((l) => l.msg === "environment was never deployed; nothing to destroy" && l.environment === "env-alice")).toBe(true);
  });

  it("leaves an environment alone that belongs to another branch with the same slug", async () => {
    deployed("env-alice");
    gh.installationToken();
    fake.expectConfig(rawTestConfig());
    fake.expectDeploymentList();
    await app.probot.receive(webhookEvent("delete", deletePayload("env-Alice")));
    gh.assertDone();
    expect(fake.dispatches).toHaveLength(0);
  });

  it("ignores tags and branches outside the prefix", async () => {
    await app.probot.receive(webhookEvent("delete", loadExample("delete", (p) => p.installation !== undefined)));
    gh.installationToken();
    fake.expectConfig(rawTestConfig());
    await app.probot.receive(webhookEvent("delete", deletePayload("feature-x")));
    gh.assertDone();
    expect(gh.count()).toBe(2);
  });

  it("says what is left behind when destroy cannot be dispatched and the app has no Azure access", async () => {
    deployed("env-alice");
    gh.installationToken();
    fake.expectConfig(rawTestConfig());
    fake.expectDeploymentList();
    fake.expectCheckRunLookup();
    fake.expectStartRun();
    fake.expectDispatch(() => ({ status: 404, body: { message: "Not Found" } }));
    const update = fake.expectCheckRunUpdate(2);
    await app.probot.receive(webhookEvent("delete", deletePayload("env-alice")));
    gh.assertDone();
    const last = update.calls[1]?.body as { conclusion: string; output: { summary: string } };
    expect(last.conclusion).toBe("failure");
    expect(last.output.summary).toContain("rg-helloworld-alice is still there");
    expect(last.output.summary).toContain("no Azure access");
  });
});
