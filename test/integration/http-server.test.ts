import { afterEach, describe, expect, it } from "vitest";
import { cleanupGitHubMocks, mockGitHub } from "../support/github/mock-github.js";
import { startTestServer, TEST_WEBHOOK_SECRET, type TestServer } from "../support/github/test-probot.js";
import { deliverWebhook } from "../support/github/webhooks.js";
import { appWith, pushPayload } from "../support/app-under-test.js";
import { RepoFake } from "../support/repo-fake.js";
import { rawTestConfig } from "../support/test-config.js";

const SHA = "6113728f27ae82c7b1a177c8d03f9e96e0adf246";
let server: TestServer | undefined;

afterEach(async (context) => {
  await server?.close();
  server = undefined;
  cleanupGitHubMocks(context);
});

describe("the app over HTTP, through Probot's real middleware", () => {
  it("serves /healthz", async () => {
    mockGitHub();
    server = await startTestServer(appWith().appFn);
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("serves /healthz as JSON whatever its query, and only to GET", async () => {
    mockGitHub();
    server = await startTestServer(appWith().appFn);
    const probed = await fetch(`${server.url}/healthz?probe=lb-1`);
    expect(probed.status).toBe(200);
    expect(probed.headers.get("content-type")).toBe("application/json");
    expect(await probed.json()).toEqual({ status: "ok" });
    for (const method of ["POST", "PUT", "DELETE"]) expect((await fetch(`${server.url}/healthz`, { method })).status, method).toBe(404);
    expect((await fetch(`${server.url}/healthz/extra`)).status).toBe(404);
  });

  it("handles a correctly signed push", async () => {
    const gh = mockGitHub();
    const fake = new RepoFake(gh);
    gh.installationToken();
    fake.expectConfig(rawTestConfig());
    server = await startTestServer(appWith().appFn);
    const response = await deliverWebhook(server.webhookUrl, { name: "push", payload: pushPayload("feature-x", SHA), secret: TEST_WEBHOOK_SECRET });
    expect(response.status).toBeLessThan(300);
    gh.assertDone();
  });

  it("rejects a forged signature without calling GitHub", async () => {
    const gh = mockGitHub();
    server = await startTestServer(appWith().appFn);
    const response = await deliverWebhook(server.webhookUrl, { name: "push", payload: pushPayload("env-alice", SHA), secret: "not-the-secret" });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    gh.assertDone();
    expect(gh.requests).toHaveLength(0);
  });
});
