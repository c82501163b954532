import { describe, expect, it } from "vitest";
import { progressMarker } from "../../app/decisions/run-progress.js";
import { useAppTest } from "../support/app-test.js";
import { applyButtonPayload } from "../support/app-under-test.js";
import { exampleResponse } from "../support/github/openapi.js";
import { webhookEvent } from "../support/github/webhooks.js";
import { rawTestConfig } from "../support/test-config.js";

// Who may press "Apply this plan" on a direct push's plan, and where the answer and an error go.
// The recorded check_run payload is of electron/electron, an organization.
const t = useAppTest({ owner: "electron", repo: "electron" });
const HEAD = "c0ffee0000000000000000000000000000000001";
const config = (approvers: Record<string, unknown> = {}) => rawTestConfig({ environments: [{ branch: "env-prod", approval: "required", approvers }] });

function planRun() {
  const summary = progressMarker({ stage: "completed", correlationId: "prod-plan-900-0123abcd", runId: 31, savedPlan: { key: "envbranch/electron/electron/prod/plans/prod-plan-900-0123abcd.tfplan", sha256: "5".repeat(64) }, outcome: "succeeded", offerApply: true, author: "bob" });
  t.fake.checkRuns.push({ id: 900, head_sha: HEAD, name: "envbranch: env-prod", external_id: `envbranch:prod:${HEAD}:plan`, status: "completed", conclusion: "success", output: { title: "", summary } });
  return { id: 900, name: "envbranch: env-prod", head_sha: HEAD, summary };
}

function expectBranchAt(sha: string) {
  const example = exampleResponse("repos/get-branch") as { commit: object };
  t.gh.on("GET /repos/electron/electron/branches/env-prod", { status: 200, body: { ...example, name: "env-prod", commit: { ...example.commit, sha } } });
}

function expectRole(login: string, role: string) {
  t.gh.on(`GET /repos/electron/electron/collaborators/${login}/permission`, { status: 200, body: { ...(exampleResponse("repos/get-collaborator-permission-level") as object), role_name: role } });
}

describe("the Apply this plan button, by who presses it", () => {
  it("applies for an active member of a listed approver team in the organization that owns the repository", async () => {
    const payload = applyButtonPayload(planRun(), "env-prod", "erin");
    payload.repository.owner = { ...payload.repository.owner, type: "Organization" } as typeof payload.repository.owner;
    t.gh.installationToken();
    t.fake.expectConfig(config({ teams: ["platform"] }));
    expectBranchAt(HEAD);
    expectRole("erin", "read");
    t.gh.on("GET /orgs/electron/teams/platform/memberships/erin", { status: 200, body: { ...(exampleResponse("teams/get-membership-for-user-in-org") as object), state: "active" } });
    t.fake.expectCheckRunLookup();
    t.fake.expectStartRun();
    t.fake.expectCheckRunCreate();
    t.fake.expectDeploymentCreate();
    t.fake.expectDispatch();
    t.fake.expectCheckRunUpdate();
    await t.app.probot.receive(webhookEvent("check_run", payload));
    t.gh.assertDone();
    expect(t.fake.dispatches).toHaveLength(1);
    expect(t.fake.checkRuns.at(-1)).toMatchObject({ name: "envbranch: env-prod (apply requested)", external_id: "envbranch:button:900:erin", conclusion: "neutral", output: { title: "Apply requested by @erin" } });
  });

  it("looks up no team in a repository a user owns, which has none: a team-only approver is refused", async () => {
    const payload = applyButtonPayload(planRun(), "env-prod", "erin");
    payload.repository.owner = { ...payload.repository.owner, type: "User" } as typeof payload.repository.owner;
    t.gh.installationToken();
    t.fake.expectConfig(config({ teams: ["platform"] }));
    expectBranchAt(HEAD);
    expectRole("erin", "read");
    t.fake.expectCheckRunCreate();
    await t.app.probot.receive(webhookEvent("check_run", payload));
    t.gh.assertDone();
    expect(t.fake.dispatches).toHaveLength(0);
    expect(t.fake.checkRuns.at(-1)).toMatchObject({ conclusion: "failure", output: { title: "Apply refused for @erin" } });
  });

  it("refuses a bot's press, naming it a bot", async () => {
    const payload = applyButtonPayload(planRun(), "env-prod", "deployer");
    payload.sender = { ...payload.sender, type: "Bot" };
    t.gh.installationToken();
    t.fake.expectConfig(config());
    expectBranchAt(HEAD);
    expectRole("deployer", "admin");
    t.fake.expectCheckRunCreate();
    await t.app.probot.receive(webhookEvent("check_run", payload));
    t.gh.assertDone();
    expect(t.fake.dispatches).toHaveLength(0);
    expect(t.fake.checkRuns.at(-1)).toMatchObject({ conclusion: "failure", output: { title: "Apply refused for @deployer" } });
    expect(t.fake.checkRuns.at(-1)?.output.summary).toContain("deployer is a bot, so a person must press the button");
  });
});

describe("the Apply this plan button, pressed where it applies nothing", () => {
  it("ignores another action's button, a repository without an owner and a check run without output or suite, without an error or a GitHub call", async () => {
    const presses = [
      (p: ReturnType<typeof applyButtonPayload>) => void ((p as { requested_action: { identifier: string } }).requested_action = { identifier: "refresh" }),
      (p: ReturnType<typeof applyButtonPayload>) => void (p.repository.owner = null as never),
      (p: ReturnType<typeof applyButtonPayload>) => void (p.check_run.output = null as never),
      (p: ReturnType<typeof applyButtonPayload>) => void (p.check_run.check_suite = null as never),
    ];
    for (const change of presses) {
      const payload = applyButtonPayload(planRun(), "env-prod", "alice");
      change(payload);
      await t.app.probot.receive(webhookEvent("check_run", payload));
    }
    t.gh.assertDone();
    expect(t.gh.requests).toEqual([]);
    expect(t.app.logs.filter((line) => line.level >= 50)).toEqual([]);
  });
});

describe("the Apply this plan button, when GitHub fails", () => {
  it("shows the error in a failed check run of the pressed run's commit, under the button's own key", async () => {
    t.gh.installationToken();
    t.fake.expectConfig(config());
    t.gh.on("GET /repos/electron/electron/branches/env-prod", { status: 200, body: exampleResponse("repos/get-branch") });
    t.gh.on("GET /repos/electron/electron/collaborators/alice/permission", { status: 500, body: { message: "Server Error" } });
    const shown = t.fake.expectCheckRunCreate();
    await t.app.probot.receive(webhookEvent("check_run", applyButtonPayload(planRun(), "env-prod", "alice")));
    t.gh.assertDone();
    expect(shown.calls[0]?.body).toMatchObject({ name: "envbranch: env-prod", head_sha: HEAD, external_id: "envbranch:button:900", conclusion: "failure", output: { title: "envbranch hit an error" } });
  });
});
