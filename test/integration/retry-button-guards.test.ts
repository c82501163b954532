import { describe, expect, it } from "vitest";
import { progressMarker } from "../../app/decisions/run-progress.js";
import { useAppTest } from "../support/app-test.js";
import { applyButtonPayload } from "../support/app-under-test.js";
import { exampleResponse } from "../support/github/openapi.js";
import { webhookEvent } from "../support/github/webhooks.js";
import { DEFAULT_HEAD } from "../support/repo-fake.js";
import { rawTestConfig } from "../support/test-config.js";

// Who may press Retry, where an error of the press goes, and presses that retry nothing.
// The recorded check_run payload is of electron/electron, an organization.
const t = useAppTest({ owner: "electron", repo: "electron" });
const SHA = DEFAULT_HEAD;
const KEY = `envbranch:alice:${SHA}:apply`;

/** The press of Retry on a push's apply whose dispatch failed, as `login`; `change` edits the payload. */
function retryPress(login: string, change: (payload: ReturnType<typeof applyButtonPayload>) => void = () => {}) {
  const summary = progressMarker({ stage: "dispatch-failed", correlationId: "alice-apply-1000-0123abcd", before: "b".repeat(40), author: "bob" });
  t.fake.checkRuns.push({ id: 1000, head_sha: SHA, name: "envbranch: env-alice", external_id: KEY, status: "completed", conclusion: "failure", output: { title: "Could not start apply of env-alice", summary } });
  const payload = applyButtonPayload({ id: 1000, name: "envbranch: env-alice", head_sha: SHA, summary }, "env-alice", login);
  (payload as { requested_action: { identifier: string } }).requested_action = { identifier: "retry" };
  payload.check_run.external_id = KEY;
  change(payload);
  return webhookEvent("check_run", payload);
}

function expectBranchAt(sha: string) {
  const example = exampleResponse("repos/get-branch") as { commit: object };
  t.gh.on("GET /repos/electron/electron/branches/env-alice", { status: 200, body: { ...example, name: "env-alice", commit: { ...example.commit, sha } } });
}

function expectRole(login: string, role: string) {
  t.gh.on(`GET /repos/electron/electron/collaborators/${login}/permission`, { status: 200, body: { ...(exampleResponse("repos/get-collaborator-permission-level") as object), role_name: role } });
}

describe("the Retry button, by who presses it", () => {
  it("starts the run again for an active member of a listed approver team of the owning organization", async () => {
    const press = retryPress("erin", (p) => {
      p.repository.owner = { ...p.repository.owner, type: "Organization" } as typeof p.repository.owner;
    });
    t.gh.installationToken();
    t.fake.expectConfig(rawTestConfig({ environments: [{ branch: "env-alice", approvers: { teams: ["platform"] } }] }));
    expectBranchAt(SHA);
    expectRole("erin", "read");
    t.gh.on("GET /orgs/electron/teams/platform/memberships/erin", { status: 200, body: { ...(exampleResponse("teams/get-membership-for-user-in-org") as object), state: "active" } });
    t.fake.expectStartRun();
    t.fake.expectDeploymentList();
    t.fake.expectDeploymentCreate();
    t.fake.expectWorkflowRunsList();
    t.fake.expectDispatch();
    // The resumed run's progress, then the press's own check run standing down.
    t.fake.expectCheckRunUpdate(2);
    t.fake.expectQueueCheck();
    const answer = t.fake.expectCheckRunCreate();
    await t.app.probot.receive(press);
    t.gh.assertDone();
    expect(t.fake.dispatches).toHaveLength(1);
    expect(answer.calls[0]?.body).toMatchObject({ conclusion: "neutral", output: { title: "Retry requested by @erin" } });
  });

  it("looks up no team in a repository a user owns, which has none: a team-only approver is refused", async () => {
    const press = retryPress("erin", (p) => {
      p.repository.owner = { ...p.repository.owner, type: "User" } as typeof p.repository.owner;
    });
    t.gh.installationToken();
    t.fake.expectConfig(rawTestConfig({ environments: [{ branch: "env-alice", approvers: { permission: "admin", teams: ["platform"] } }] }));
    expectBranchAt(SHA);
    expectRole("erin", "read");
    const answer = t.fake.expectCheckRunCreate();
    await t.app.probot.receive(press);
    t.gh.assertDone();
    expect(t.fake.dispatches).toHaveLength(0);
    expect(answer.calls[0]?.body).toMatchObject({ conclusion: "failure", output: { title: "Retry refused for @erin" } });
  });

  it("refuses a bot's press, naming it a bot", async () => {
    const press = retryPress("deployer", (p) => {
      p.sender = { ...p.sender, type: "Bot" };
    });
    t.gh.installationToken();
    t.fake.expectConfig(rawTestConfig());
    expectBranchAt(SHA);
    expectRole("deployer", "admin");
    const answer = t.fake.expectCheckRunCreate();
    await t.app.probot.receive(press);
    t.gh.assertDone();
    expect(t.fake.dispatches).toHaveLength(0);
    expect(answer.calls[0]?.body).toMatchObject({ conclusion: "failure", output: { title: "Retry refused for @deployer", summary: expect.stringContaining("deployer is a bot, so a person must press the button") } });
  });
});

describe("the Retry button, pressed where it retries nothing", () => {
  it("does nothing, without an error or a GitHub call, on a repository without an owner or a check run without output or suite", async () => {
    await t.app.probot.receive(retryPress("alice", (p) => void (p.repository.owner = null as never)));
    await t.app.probot.receive(retryPress("alice", (p) => void (p.check_run.output = null as never)));
    await t.app.probot.receive(retryPress("alice", (p) => void (p.check_run.check_suite = null as never)));
    t.gh.assertDone();
    expect(t.gh.requests).toEqual([]);
    expect(t.app.logs.filter((line) => line.level >= 50)).toEqual([]);
  });
});

describe("the Retry button, when GitHub fails", () => {
  it("shows the error in a failed check run of the pressed run's commit, under the button's own key", async () => {
    const press = retryPress("alice");
    t.gh.installationToken();
    t.fake.expectConfig(rawTestConfig());
    expectBranchAt(SHA);
    t.gh.on("GET /repos/electron/electron/collaborators/alice/permission", { status: 500, body: { message: "Server Error" } });
    const shown = t.fake.expectCheckRunCreate();
    await t.app.probot.receive(press);
    t.gh.assertDone();
    expect(shown.calls[0]?.body).toMatchObject({ name: "envbranch: env-alice", head_sha: SHA, external_id: "envbranch:button:1000", conclusion: "failure", output: { title: "envbranch hit an error" } });
  });
});
