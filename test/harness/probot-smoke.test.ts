import type { ApplicationFunction } from "probot";
import { afterEach, describe, expect, it } from "vitest";
import { cleanupGitHubMocks, mockGitHub } from "../support/github/mock-github.js";
import { exampleResponse } from "../support/github/openapi.js";
import { createTestProbot, startTestServer, TEST_WEBHOOK_SECRET, type TestServer } from "../support/github/test-probot.js";
import { deliverWebhook, loadExample, signPayload, webhookEvent } from "../support/github/webhooks.js";

afterEach(cleanupGitHubMocks);

/** A tiny app: every push gets a queued check run on its head commit. */
const checkOnPush: ApplicationFunction = (app) => {
  app.on("push", async (context) => {
    const repo = context.payload.repository.full_name;
    context.log.info({ repo }, "creating check run");
    await context.octokit.rest.checks.create(context.repo({ name: "envbranch", head_sha: context.payload.after, status: "queued" }));
  });
};

function pushToEnvBranch() {
  const payload = loadExample("push", (p) => p.ref.startsWith("refs/heads/") && p.installation !== undefined);
  payload.ref = "refs/heads/env-alice";
  return payload;
}

describe("a Probot app against the GitHub fake", () => {
  it("receives a recorded push and makes one validated, counted check-run call", async () => {
    const payload = pushToEnvBranch();
    const gh = mockGitHub();
    gh.installationToken({ installationId: payload.installation?.id });
    const created = gh.on(`POST /repos/${payload.repository.full_name}/check-runs`, { status: 201, body: exampleResponse("checks/create") });
    const { probot, logs } = await createTestProbot(checkOnPush);

    const event = webhookEvent("push", payload);
    await probot.receive(event);

    gh.assertDone();
    expect(created.calls[0]?.body).toEqual({ name: "envbranch", head_sha: payload.after, status: "queued" });
    expect(created.calls[0]?.headers.authorization).toBe("token ghs_test_installation_token");
    expect(gh.requests.map((r) => r.operationId)).toEqual(["apps/create-installation-access-token", "checks/create"]);
    expect(logs.find((line) => line.msg === "creating check run")).toMatchObject({ id: event.id, repo: payload.repository.full_name });
  });

  it("serves the repo config to context.config, read raw as Probot asks for it", async () => {
    const payload = pushToEnvBranch();
    const gh = mockGitHub();
    gh.installationToken();
    const read = gh.on("GET /repos/{owner}/{repo}/contents/.github/envbranch.yml", { status: 200, body: "project: demo\n" });
    let config: unknown;
    const { probot } = await createTestProbot((app) => {
      app.on("push", async (context) => {
        config = await context.config("envbranch.yml");
      });
    });
    await probot.receive(webhookEvent("push", payload));
    gh.assertDone();
    expect(config).toEqual({ project: "demo" });
    expect(read.calls[0]).toMatchObject({ path: `/repos/${payload.repository.full_name}/contents/.github%2Fenvbranch.yml`, params: { path: ".github/envbranch.yml" } });
  });

  it("does not retry a failed call (retries are off)", async () => {
    const payload = pushToEnvBranch();
    const gh = mockGitHub();
    gh.installationToken();
    gh.on("POST /repos/{owner}/{repo}/check-runs", { status: 500, body: { message: "boom" } });
    const { probot } = await createTestProbot(checkOnPush);
    await expect(probot.receive(webhookEvent("push", payload))).rejects.toThrow(/boom/);
    gh.assertDone();
  });

  it("does not wait out a rate limit (throttling is off)", async () => {
    const payload = pushToEnvBranch();
    const gh = mockGitHub();
    gh.installationToken();
    // Probot's throttle options retry a primary rate limit twice; throttled, the fake would see a second call.
    gh.on("POST /repos/{owner}/{repo}/check-runs", () => ({
      status: 403,
      body: { message: "API rate limit exceeded for installation ID 1." },
      headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(Math.floor(Date.now() / 1000)) },
    }));
    const { probot } = await createTestProbot(checkOnPush);
    await expect(probot.receive(webhookEvent("push", payload))).rejects.toThrow(/API rate limit exceeded/);
    gh.assertDone();
  });
});

describe("a Probot app behind its real HTTP middleware", () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("handles a delivery signed with the webhook secret", async () => {
    const payload = pushToEnvBranch();
    const gh = mockGitHub();
    gh.installationToken();
    gh.on("POST /repos/{owner}/{repo}/check-runs", { status: 201, body: exampleResponse("checks/create") });
    server = await startTestServer(checkOnPush);

    const response = await deliverWebhook(server.webhookUrl, { name: "push", payload, secret: TEST_WEBHOOK_SECRET });

    expect([200, 202]).toContain(response.status);
    gh.assertDone();
    expect(gh.count("checks/create")).toBe(1);
  });

  it("rejects a forged signature without calling GitHub", async () => {
    const payload = pushToEnvBranch();
    const gh = mockGitHub();
    server = await startTestServer(checkOnPush);
    const forged = signPayload(JSON.stringify(payload), "not-the-secret");

    const response = await deliverWebhook(server.webhookUrl, { name: "push", payload, secret: TEST_WEBHOOK_SECRET, signature: forged });

    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/signature does not match/);
    expect(gh.requests).toEqual([]);
    gh.assertDone();
  });
});

describe("webhook helpers", () => {
  it("signs like GitHub: sha256 HMAC of the exact body, hex", () => {
    // The pair from GitHub's "Validating webhook deliveries" docs.
    expect(signPayload("Hello, World!", "It's a Secret to Everybody")).toBe(
      "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
    );
  });

  it("hands out independent copies and says when no example fits", () => {
    const first = loadExample("push");
    first.ref = "refs/heads/changed";
    expect(loadExample("push").ref).not.toBe("refs/heads/changed");
    expect(() => loadExample("push", (p) => p.ref === "refs/heads/none")).toThrow(/no push example matching the predicate \(it has 7\)/);
  });
});
