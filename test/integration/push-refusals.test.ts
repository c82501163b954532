import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readProgress } from "../../app/decisions/run-progress.js";
import { cleanupGitHubMocks, mockGitHub, type MockGitHub } from "../support/github/mock-github.js";
import { createTestProbot, type TestProbot } from "../support/github/test-probot.js";
import { loadExample, webhookEvent } from "../support/github/webhooks.js";
import { appWith, pushPayload } from "../support/app-under-test.js";
import { RepoFake } from "../support/repo-fake.js";
import { rawTestConfig, testConfig } from "../support/test-config.js";
import { deriveEnvironment } from "../../app/environment/derive-environment.js";
import { correlationIdFor } from "../../app/spec/render-spec.js";

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

type Output = { conclusion?: string; output: { title: string; summary: string } };

describe("a push that must not dispatch", () => {
  it("gets one neutral check run saying how to configure a repo without config", async () => {
    gh.installationToken();
    fake.expectConfig(null);
    // Probot looks for an organisation-wide config in the owner's `.github` repository next.
    gh.on("GET /repos/Codertocat/.github/contents/{path}", { status: 404, body: { message: "Not Found" } });
    const create = fake.expectCheckRunCreate();
    await app.probot.receive(webhookEvent("push", pushPayload("env-alice", SHA)));
    gh.assertDone();
    const body = create.calls[0]?.body as Output;
    expect(body).toMatchObject({ conclusion: "neutral", output: { title: "envbranch is not configured for this repository" } });
    expect(body.output.summary).toContain(".github/envbranch.yml");
    expect(body.output.summary).toContain("storageAccount:");
  });

  it("gets a failed check run listing every config problem with its line", async () => {
    gh.installationToken();
    const text = "azure:\n  subscriptionId: nope\n  state:\n    storageAccount: UPPER\nsurprise: 1\n";
    fake.expectConfig(text, 2);
    const create = fake.expectCheckRunCreate();
    await app.probot.receive(webhookEvent("push", pushPayload("env-alice", SHA)));
    gh.assertDone();
    const body = create.calls[0]?.body as Output;
    expect(body.conclusion).toBe("failure");
    expect(body.output.summary).toContain("line 2, `azure.subscriptionId`: must be a GUID");
    expect(body.output.summary).toContain("line 4, `azure.state.storageAccount`");
    expect(body.output.summary).toContain("line 5, `surprise`: unknown key");
    expect(body.output.summary).toContain("`azure.tenantId`: is required");
    expect(body.output.title).toMatch(/has [5-9] problems/);
  });

  it("reports YAML syntax errors the same way", async () => {
    gh.installationToken();
    fake.expectConfig("azure: [unclosed\n", 2);
    const create = fake.expectCheckRunCreate();
    await app.probot.receive(webhookEvent("push", pushPayload("env-alice", SHA)));
    gh.assertDone();
    expect((create.calls[0]?.body as Output).output.summary).toMatch(/line \d+.*YAML syntax/);
  });

  it("refuses a branch that gives no valid slug, and says what would work", async () => {
    gh.installationToken();
    fake.expectConfig(rawTestConfig());
    const create = fake.expectCheckRunCreate();
    await app.probot.receive(webhookEvent("push", pushPayload("env-$(whoami)", SHA)));
    gh.assertDone();
    const body = create.calls[0]?.body as Output;
    expect(body).toMatchObject({ conclusion: "failure", output: { title: "This branch cannot be an environment" } });
    expect(body.output.summary).toContain("A branch named `env-whoami` would work.");
  });

  it("refuses env-Alice while env-alice owns the environment", async () => {
    gh.installationToken();
    fake.deployments.push({ id: 1, sha: "a".repeat(40), ref: "a".repeat(40), environment: "env-alice", payload: { branch: "env-alice", correlationId: "x", action: "apply" } });
    fake.expectConfig(rawTestConfig());
    fake.expectBranches(["env-alice", "env-Alice"]);
    fake.expectDeploymentList();
    const create = fake.expectCheckRunCreate();
    await app.probot.receive(webhookEvent("push", pushPayload("env-Alice", SHA)));
    gh.assertDone();
    const body = create.calls[0]?.body as Output;
    expect(body).toMatchObject({ conclusion: "failure", output: { title: "Environment alice belongs to env-alice" } });
    expect(fake.dispatches).toHaveLength(0);
  });

  it("ignores tags, deleted branches and other branches", async () => {
    const tag = loadExample("push", (p) => p.ref.startsWith("refs/tags/") && !p.deleted && p.installation === undefined);
    await app.probot.receive(webhookEvent("push", tag));
    const deleted = pushPayload("env-alice", SHA);
    deleted.deleted = true;
    deleted.after = "0".repeat(40);
    await app.probot.receive(webhookEvent("push", deleted));
    gh.installationToken();
    fake.expectConfig(rawTestConfig());
    await app.probot.receive(webhookEvent("push", pushPayload("feature/login", SHA)));
    gh.assertDone();
    expect(gh.requests.map((r) => r.operationId)).toEqual(["apps/create-installation-access-token", "repos/get-content"]);
  });

  it("survives a payload with missing fields, logging the delivery", async () => {
    const broken = pushPayload("env-alice", SHA) as unknown as Record<string, unknown>;
    delete broken.repository;
    await app.probot.receive({ id: "broken-delivery", name: "push", payload: broken } as never);
    gh.assertDone();
    expect(app.logs.some((l) => l.delivery === "broken-delivery" && l.level >= 40 && String(l.msg).includes("repository"))).toBe(true);
  });
});

describe("a push whose dispatch fails", () => {
  it("fails the check run with the reason and what to do", async () => {
    gh.installationToken();
    fake.expectConfig(rawTestConfig());
    fake.expectBranches(["env-alice"]);
    fake.expectCheckRunLookup();
    fake.expectStartRun();
    fake.expectDeploymentCreate();
    fake.expectDispatch(() => ({ status: 404, body: { message: "Not Found", documentation_url: "https://docs.github.com" } }));
    const update = fake.expectCheckRunUpdate();
    await app.probot.receive(webhookEvent("push", pushPayload("env-alice", SHA)));
    gh.assertDone();
    const body = update.calls[0]?.body as Output;
    expect(body.conclusion).toBe("failure");
    expect(body.output.summary).toContain("GitHub found no workflow `.github/workflows/envbranch.yml` on `env-alice`");
    // The marker lets a redelivery resume: retry the dispatch, reuse the deployment.
    expect(readProgress(body.output.summary)).toMatchObject({ stage: "dispatch-failed", deploymentId: fake.deployments[0]?.id });
  });

  it("retries the dispatch, reusing its deployment, when the push is delivered again", async () => {
    gh.installationToken();
    fake.expectConfig(rawTestConfig(), 2);
    fake.expectBranches(["env-alice"]);
    fake.expectBranches(["env-alice"]);
    fake.expectCheckRunLookup(2);
    fake.expectStartRun();
    fake.expectDeploymentCreate();
    fake.expectDispatch(() => ({ status: 500, body: { message: "boom" } }));
    // The second delivery resumes: it first looks for a run the failed dispatch may have started after all.
    fake.expectWorkflowRunsList();
    fake.expectDispatch();
    fake.expectWorkflowRunGet();
    fake.expectCheckRunUpdate(2);
    const event = webhookEvent("push", pushPayload("env-alice", SHA));
    await app.probot.receive(event);
    await app.probot.receive(event);
    gh.assertDone();
    expect(fake.deployments).toHaveLength(1);
    expect(fake.dispatches).toHaveLength(1);
    expect(fake.checkRuns).toHaveLength(1);
    expect(fake.checkRuns[0]?.output.summary).toContain('"stage":"dispatched"');
  });

  it("falls back to a dispatch without run details on GitHub Enterprise Server versions that reject them", async () => {
    gh.installationToken();
    fake.expectConfig(rawTestConfig());
    fake.expectBranches(["env-alice"]);
    fake.expectCheckRunLookup();
    fake.expectStartRun();
    fake.expectDeploymentCreate();
    fake.expectDispatch((call) =>
      (call.body as { return_run_details?: boolean }).return_run_details
        ? { status: 422, body: { message: "Invalid request.\n\n\"return_run_details\" is not a permitted key." } }
        : undefined,
    );
    fake.expectDispatch();
    const update = fake.expectCheckRunUpdate();
    await app.probot.receive(webhookEvent("push", pushPayload("env-alice", SHA)));
    gh.assertDone();
    expect(fake.dispatches).toHaveLength(1);
    expect((update.calls[0]?.body as { details_url?: string }).details_url).toBeUndefined();
  });
});

describe("a delivery that stopped after dispatching", () => {
  it("is resumed without dispatching twice: the run is found by its correlation id", async () => {
    const progress = readProgress;
    gh.installationToken();
    fake.expectConfig(rawTestConfig());
    fake.expectBranches(["env-alice"]);
    fake.expectCheckRunLookup();
    fake.checkRuns.push({
      id: 1000,
      head_sha: SHA,
      name: "envbranch: env-alice",
      external_id: `envbranch:alice:${SHA}:apply`,
      status: "in_progress",
      conclusion: null,
      started_at: "2026-11-22T09:00:00Z",
      output: { title: "", summary: `<!-- envbranch-progress {"stage":"created","deploymentId":77,"before":"${pushPayload("env-alice", SHA).before}"} -->` },
    });
    const derived = deriveEnvironment("env-alice", testConfig(), { owner: "Codertocat", name: "Hello-World" });
    if (!derived.ok) throw new Error(derived.reason);
    const correlationId = correlationIdFor({ action: "apply", sha: SHA, environment: derived.environment, repository: { owner: "Codertocat", name: "Hello-World" }, nonce: "1000" });
    const earlier = fake.expectWorkflowRunsList([{ id: 4242, display_title: `envbranch apply alice [${correlationId}]` }]);
    const update = fake.expectCheckRunUpdate();
    fake.expectWorkflowRunGet(SHA);
    await app.probot.receive(webhookEvent("push", pushPayload("env-alice", SHA)));
    gh.assertDone();
    expect(earlier.calls).toHaveLength(1);
    expect(fake.dispatches).toHaveLength(0);
    expect(progress((update.calls[0]?.body as { output: { summary: string } }).output.summary)).toMatchObject({ stage: "dispatched", runId: 4242 });
  });
});

describe("out-of-order deliveries", () => {
  it("dispatch nothing for a commit the branch has already moved past", async () => {
    gh.installationToken();
    fake.expectConfig(rawTestConfig());
    fake.expectBranches(["env-alice"], { "env-alice": "9".repeat(40) });
    await app.probot.receive(webhookEvent("push", pushPayload("env-alice", SHA)));
    gh.assertDone();
    expect(fake.dispatches).toHaveLength(0);
    expect(app.logs.some((l) => String(l.msg).startsWith("superseded"))).toBe(true);
  });
});

describe("logs", () => {
  it("carry the delivery id, repository and environment on every line the app writes", async () => {
    gh.installationToken();
    fake.expectConfig(rawTestConfig());
    fake.expectBranches(["env-alice"]);
    fake.expectCheckRunLookup();
    fake.expectStartRun();
    fake.expectDeploymentCreate();
    fake.expectDispatch();
    fake.expectWorkflowRunGet();
    fake.expectCheckRunUpdate();
    await app.probot.receive(webhookEvent("push", pushPayload("env-alice", SHA), "delivery-42"));
    gh.assertDone();
    const ours = app.logs.filter((l) => "environment" in l);
    expect(ours.length).toBeGreaterThan(0);
    for (const line of ours) expect(line).toMatchObject({ delivery: "delivery-42", repo: "Codertocat/Hello-World", environment: "env-alice" });
  });
});
