import { describe, expect, it } from "vitest";
import { progressMarker } from "../../app/decisions/run-progress.js";
import { parseSpec } from "../../app/spec/spec-schema.js";
import { useAppTest } from "../support/app-test.js";
import { applyButtonPayload } from "../support/app-under-test.js";
import { exampleResponse } from "../support/github/openapi.js";
import { webhookEvent } from "../support/github/webhooks.js";
import { DEFAULT_HEAD } from "../support/repo-fake.js";
import { rawTestConfig } from "../support/test-config.js";

// The recorded check_run payload is of electron/electron.
const t = useAppTest({ owner: "electron", repo: "electron" });
const SHA = DEFAULT_HEAD;
const KEY = `envbranch:alice:${SHA}:apply`;

/** The check run a push's apply left when GitHub failed its dispatch with a passing fault. */
function failedRun() {
  const summary = progressMarker({ stage: "dispatch-failed", correlationId: "alice-apply-1000-0123abcd", before: "b".repeat(40), author: "bob" });
  t.fake.checkRuns.push({ id: 1000, head_sha: SHA, name: "envbranch: env-alice", external_id: KEY, status: "completed", conclusion: "failure", output: { title: "Could not start apply of env-alice", summary } });
  return { id: 1000, name: "envbranch: env-alice", head_sha: SHA, summary };
}

function retryPress(login: string) {
  const payload = applyButtonPayload(failedRun(), "env-alice", login);
  (payload as { requested_action: { identifier: string } }).requested_action = { identifier: "retry" };
  payload.check_run.external_id = KEY;
  return webhookEvent("check_run", payload);
}

function expectBranchAt(sha: string) {
  const example = exampleResponse("repos/get-branch") as { commit: object };
  t.gh.on("GET /repos/{owner}/{repo}/branches/{branch}", { status: 200, body: { ...example, name: "env-alice", commit: { ...example.commit, sha } } });
}

function expectRole(login: string, role: string) {
  t.gh.on(`GET /repos/electron/electron/collaborators/${login}/permission`, { status: 200, body: { ...(exampleResponse("repos/get-collaborator-permission-level") as object), role_name: role } });
}

describe("the Retry button of a push's run that an error stopped", () => {
  it("starts the run again in its own check run when a writer presses it", async () => {
    const press = retryPress("alice");
    t.gh.installationToken();
    t.fake.expectConfig(rawTestConfig());
    expectBranchAt(SHA);
    expectRole("alice", "write");
    t.fake.expectCheckRunLookup();
    t.fake.expectDeploymentList();
    t.fake.expectDeploymentCreate();
    t.fake.expectWorkflowRunsList();
    const dispatch = t.fake.expectDispatch();
    const update = t.fake.expectCheckRunUpdate();
    t.fake.expectQueueCheck();
    const answer = t.fake.expectCheckRunCreate();
    await t.app.probot.receive(press);
    t.gh.assertDone();

    expect(parseSpec((dispatch.calls[0]?.body as { inputs: { spec: string } }).inputs.spec)).toMatchObject({ action: "apply", sha: SHA, branch: "env-alice" });
    expect(update.calls[0]?.params.check_run_id).toBe("1000");
    expect(answer.calls[0]?.body).toMatchObject({ name: "envbranch: env-alice (retry requested)", external_id: "envbranch:retry:1000:alice", conclusion: "neutral", output: { title: "Retry requested by @alice" } });
  });

  it("is refused for someone who may not plan the environment, and starts nothing", async () => {
    const press = retryPress("mallory");
    t.gh.installationToken();
    t.fake.expectConfig(rawTestConfig());
    expectBranchAt(SHA);
    expectRole("mallory", "read");
    const answer = t.fake.expectCheckRunCreate();
    await t.app.probot.receive(press);
    t.gh.assertDone();
    expect(t.fake.dispatches).toHaveLength(0);
    expect(answer.calls[0]?.body).toMatchObject({ conclusion: "failure", output: { title: "Retry refused for @mallory" } });
  });
});
