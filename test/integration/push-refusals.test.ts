import { useAppTest } from "../support/app-test.js";
import { expectPushUntilDispatch } from "../support/push-flow.js";
import { describe, expect, it } from "vitest";
import { readProgress } from "../../app/decisions/run-progress.js";
import { loadExample, webhookEvent } from "../support/github/webhooks.js";
import { pushPayload } from "../support/app-under-test.js";
import { rawTestConfig, testConfig } from "../support/test-config.js";
import { deriveEnvironment } from "../../app/environment/derive-environment.js";
import { correlationIdFor } from "../../app/spec/render-spec.js";
import { decideRetry } from "../../app/decisions/decide-retry.js";

const SHA = "6113728f27ae82c7b1a177c8d03f9e96e0adf246";

const t = useAppTest();

type Output = { conclusion?: string; output: { title: string; summary: string } };

describe("a push that must not dispatch", () => {
  it("gets one neutral check run saying how to configure a repo without config, with what init detects in the commit", async () => {
    t.gh.installationToken();
    t.fake.expectConfig(null);
    // Probot looks for an organisation-wide config in the owner's `.github` repository next.
    t.gh.on("GET /repos/Codertocat/.github/contents/{path}", { status: 404, body: { message: "Not Found" } });
    const manifest = JSON.stringify({ name: "hello", dependencies: { pg: "^8.16.0" } });
    const blob = "1".repeat(40);
    t.gh.on(`GET /repos/Codertocat/Hello-World/git/trees/${SHA}?recursive=1`, {
      status: 200,
      body: { sha: SHA, url: "https://api.github.com/x", truncated: false, tree: [{ path: "package.json", mode: "100644", type: "blob", sha: blob, size: manifest.length, url: "https://api.github.com/x" }] },
    });
    t.gh.on(`GET /repos/Codertocat/Hello-World/git/blobs/${blob}`, { status: 200, body: { sha: blob, node_id: "x", size: manifest.length, url: "https://api.github.com/x", content: Buffer.from(manifest).toString("base64"), encoding: "base64" } });
    const create = t.fake.expectCheckRunCreate();
    await t.app.probot.receive(webhookEvent("push", pushPayload("env-alice", SHA)));
    t.gh.assertDone();
    const body = create.calls[0]?.body as Output;
    expect(body).toMatchObject({ conclusion: "neutral", output: { title: "envbranch is not configured for this repository" } });
    expect(body.output.summary).toContain(".github/envbranch.yml");
    expect(body.output.summary).toContain("storageAccount:");
    expect(body.output.summary).toMatch(/add-on +postgresql +package\.json depends on pg/);
    expect(body.output.summary).toContain("Run `npx envbranch init` in your checkout");
  });

  it("gets a failed check run listing every config problem with its line", async () => {
    t.gh.installationToken();
    const text = "azure:\n  subscriptionId: nope\n  state:\n    storageAccount: UPPER\nsurprise: 1\n";
    t.fake.expectConfig(text, 2);
    const create = t.fake.expectCheckRunCreate();
    await t.app.probot.receive(webhookEvent("push", pushPayload("env-alice", SHA)));
    t.gh.assertDone();
    const body = create.calls[0]?.body as Output;
    expect(body.conclusion).toBe("failure");
    expect(body.output.summary).toContain("line 2, `azure.subscriptionId`: must be a GUID");
    expect(body.output.summary).toContain("line 4, `azure.state.storageAccount`");
    expect(body.output.summary).toContain("line 5, `surprise`: unknown key");
    expect(body.output.summary).toContain("`azure.tenantId`: is required");
    expect(body.output.title).toMatch(/has [5-9] problems/);
  });

  it("reports YAML syntax errors the same way", async () => {
    t.gh.installationToken();
    t.fake.expectConfig("azure: [unclosed\n", 2);
    const create = t.fake.expectCheckRunCreate();
    await t.app.probot.receive(webhookEvent("push", pushPayload("env-alice", SHA)));
    t.gh.assertDone();
    expect((create.calls[0]?.body as Output).output.summary).toMatch(/line \d+.*YAML syntax/);
  });

  it("refuses a branch that gives no valid slug, and says what would work", async () => {
    t.gh.installationToken();
    t.fake.expectConfig(rawTestConfig());
    const create = t.fake.expectCheckRunCreate();
    await t.app.probot.receive(webhookEvent("push", pushPayload("env-$(whoami)", SHA)));
    t.gh.assertDone();
    const body = create.calls[0]?.body as Output;
    expect(body).toMatchObject({ conclusion: "failure", output: { title: "This branch cannot be an environment" } });
    expect(body.output.summary).toContain("A branch named `env-whoami` would work.");
  });

  it("refuses env-Alice while env-alice owns the environment", async () => {
    t.gh.installationToken();
    t.fake.deployments.push({ id: 1, sha: "a".repeat(40), ref: "a".repeat(40), environment: "env-alice", payload: { branch: "env-alice", correlationId: "x", action: "apply" } });
    t.fake.expectConfig(rawTestConfig());
    t.fake.expectBranches(["env-alice", "env-Alice"]);
    t.fake.expectDeploymentList();
    const create = t.fake.expectCheckRunCreate();
    await t.app.probot.receive(webhookEvent("push", pushPayload("env-Alice", SHA)));
    t.gh.assertDone();
    const body = create.calls[0]?.body as Output;
    expect(body).toMatchObject({ conclusion: "failure", output: { title: "Environment alice belongs to env-alice" } });
    expect(t.fake.dispatches).toHaveLength(0);
  });

  it("ignores tags, deleted branches and other branches", async () => {
    const tag = loadExample("push", (p) => p.ref.startsWith("refs/tags/") && !p.deleted && p.installation === undefined);
    await t.app.probot.receive(webhookEvent("push", tag));
    const deleted = pushPayload("env-alice", SHA);
    deleted.deleted = true;
    deleted.after = "0".repeat(40);
    await t.app.probot.receive(webhookEvent("push", deleted));
    t.gh.installationToken();
    t.fake.expectConfig(rawTestConfig());
    await t.app.probot.receive(webhookEvent("push", pushPayload("feature/login", SHA)));
    t.gh.assertDone();
    expect(t.gh.requests.map((r) => r.operationId)).toEqual(["apps/create-installation-access-token", "repos/get-content"]);
  });

  it("survives a payload with missing fields, logging the delivery", async () => {
    const broken = pushPayload("env-alice", SHA) as unknown as Record<string, unknown>;
    delete broken.repository;
    await t.app.probot.receive({ id: "broken-delivery", name: "push", payload: broken } as never);
    t.gh.assertDone();
    expect(t.app.logs.some((l) => l.delivery === "broken-delivery" && l.level >= 40 && String(l.msg).includes("repository"))).toBe(true);
  });
});

describe("a push an error stops before its run's check run exists", () => {
  it("leaves a failed check run with Retry, on record what the press needs to handle the push again", async () => {
    t.gh.installationToken();
    t.fake.expectConfig(rawTestConfig());
    t.gh.on("GET /repos/Codertocat/Hello-World/git/matching-refs/{ref}", { status: 500, body: { message: "Server Error" } });
    const create = t.fake.expectCheckRunCreate();
    const payload = pushPayload("env-alice", SHA);
    await t.app.probot.receive(webhookEvent("push", payload));
    t.gh.assertDone();
    const body = create.calls[0]?.body as Output & { name: string; external_id: string; actions?: unknown };
    expect(body).toMatchObject({ name: "envbranch: env-alice", external_id: `envbranch:setup:${SHA}`, conclusion: "failure", actions: [{ label: "Retry", identifier: "retry" }] });
    expect(body.output.summary).toContain("Press **Retry** on this check run once the cause is fixed.");
    expect(body.output.summary).not.toContain("Redeliver");
    expect(decideRetry(body.external_id, body.output.summary)).toEqual({ kind: "push-again", branch: "env-alice", sha: SHA, before: payload.before, author: payload.sender?.login });
  });
});

describe("a push whose dispatch fails", () => {
  it("fails the check run with the reason and what to do", async () => {
    expectPushUntilDispatch(t);
    t.fake.expectDispatch(() => ({ status: 404, body: { message: "Not Found", documentation_url: "https://docs.github.com" } }));
    const update = t.fake.expectCheckRunUpdate();
    await t.app.probot.receive(webhookEvent("push", pushPayload("env-alice", SHA)));
    t.gh.assertDone();
    const body = update.calls[0]?.body as Output;
    expect(body.conclusion).toBe("failure");
    expect(body.output.summary).toContain("GitHub found no workflow `.github/workflows/envbranch.yml` on `env-alice`");
    // The marker lets a redelivery resume: retry the dispatch, reuse the deployment.
    expect(readProgress(body.output.summary)).toMatchObject({ stage: "dispatch-failed", deploymentId: t.fake.deployments[0]?.id });
  });

  it("retries the dispatch, reusing its deployment, when the push is delivered again", async () => {
    t.gh.installationToken();
    t.fake.expectConfig(rawTestConfig(), 2);
    t.fake.expectBranches(["env-alice"]);
    t.fake.expectBranches(["env-alice"]);
    t.fake.expectStartRun(2);
    t.fake.expectDeploymentCreate();
    t.fake.expectDispatch(() => ({ status: 500, body: { message: "boom" } }));
    // The second delivery resumes: it first looks for a run the failed dispatch may have started after all.
    t.fake.expectWorkflowRunsList();
    t.fake.expectDispatch();
    t.fake.expectQueueCheck();
    // The failure, the resumed run's dispatch, and the second delivery's own check run standing down.
    t.fake.expectCheckRunUpdate(3);
    const event = webhookEvent("push", pushPayload("env-alice", SHA));
    await t.app.probot.receive(event);
    await t.app.probot.receive(event);
    t.gh.assertDone();
    expect(t.fake.deployments).toHaveLength(1);
    expect(t.fake.dispatches).toHaveLength(1);
    const [resumed, duplicate] = t.fake.checkRuns;
    expect(readProgress(resumed?.output.summary ?? "")?.stage).toBe("dispatched");
    expect(duplicate).toMatchObject({ name: "envbranch: env-alice (duplicate delivery)", conclusion: "neutral" });
    expect(readProgress(duplicate?.output.summary ?? "")?.stage).toBe("stood-down");
  });

  it("falls back to a dispatch without run details on GitHub Enterprise Server versions that reject them", async () => {
    expectPushUntilDispatch(t);
    t.fake.expectDispatch((call) =>
      (call.body as { return_run_details?: boolean }).return_run_details
        ? { status: 422, body: { message: "Invalid request.\n\n\"return_run_details\" is not a permitted key." } }
        : undefined,
    );
    t.fake.expectDispatch();
    const update = t.fake.expectCheckRunUpdate();
    await t.app.probot.receive(webhookEvent("push", pushPayload("env-alice", SHA)));
    t.gh.assertDone();
    expect(t.fake.dispatches).toHaveLength(1);
    expect((update.calls[0]?.body as { details_url?: string }).details_url).toBeUndefined();
  });
});

describe("a delivery that stopped after dispatching", () => {
  it("is resumed without dispatching twice: the run is found by its correlation id", async () => {
    const progress = readProgress;
    t.gh.installationToken();
    t.fake.expectConfig(rawTestConfig());
    t.fake.expectBranches(["env-alice"]);
    t.fake.expectStartRun();
    t.fake.checkRuns.push({
      id: 999,
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
    const correlationId = correlationIdFor({ action: "apply", sha: SHA, environment: derived.environment, repository: { owner: "Codertocat", name: "Hello-World" }, nonce: "999" });
    const earlier = t.fake.expectWorkflowRunsList([{ id: 4242, display_title: `envbranch apply alice [${correlationId}]` }]);
    // The resumed run's progress, then this delivery's own check run standing down.
    const update = t.fake.expectCheckRunUpdate(2);
    t.fake.expectQueueCheck(SHA);
    await t.app.probot.receive(webhookEvent("push", pushPayload("env-alice", SHA)));
    t.gh.assertDone();
    expect(earlier.calls).toHaveLength(1);
    expect(update.calls.map((call) => call.params.check_run_id)).toEqual(["999", "1000"]);
    expect(t.fake.dispatches).toHaveLength(0);
    expect(progress((update.calls[0]?.body as { output: { summary: string } }).output.summary)).toMatchObject({ stage: "dispatched", runId: 4242 });
  });
});

describe("out-of-order deliveries", () => {
  it("dispatch nothing for a commit the branch has already moved past", async () => {
    t.gh.installationToken();
    t.fake.expectConfig(rawTestConfig());
    t.fake.expectBranches(["env-alice"], { "env-alice": "9".repeat(40) });
    await t.app.probot.receive(webhookEvent("push", pushPayload("env-alice", SHA)));
    t.gh.assertDone();
    expect(t.fake.dispatches).toHaveLength(0);
    expect(t.app.logs.some((l) => String(l.msg).startsWith("superseded"))).toBe(true);
  });
});

describe("logs", () => {
  it("carry the delivery id, repository and environment on every line the app writes", async () => {
    expectPushUntilDispatch(t);
    t.fake.expectDispatch();
    t.fake.expectQueueCheck();
    t.fake.expectCheckRunUpdate();
    await t.app.probot.receive(webhookEvent("push", pushPayload("env-alice", SHA), "delivery-42"));
    t.gh.assertDone();
    const ours = t.app.logs.filter((l) => "environment" in l);
    expect(ours.length).toBeGreaterThan(0);
    for (const line of ours) expect(line).toMatchObject({ delivery: "delivery-42", repo: "Codertocat/Hello-World", environment: "env-alice" });
  });
});
