import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { progressMarker } from "../../app/decisions/run-progress.js";
import { parseSpec } from "../../app/spec/spec-schema.js";
import { exampleResponse } from "../support/github/openapi.js";
import { cleanupGitHubMocks, mockGitHub, type MockGitHub } from "../support/github/mock-github.js";
import { createTestProbot, type TestProbot } from "../support/github/test-probot.js";
import { webhookEvent } from "../support/github/webhooks.js";
import { applyButtonPayload, appWith, pullRequestPayload } from "../support/app-under-test.js";
import { RepoFake } from "../support/repo-fake.js";
import { rawTestConfig } from "../support/test-config.js";

/** The sha256 the plan run reported for its saved plan: an approval binds to it. */
const PLAN_SHA256 = "5".repeat(64);

const HEAD = "c0ffee0000000000000000000000000000000001";
const MERGE = "deadbeef00000000000000000000000000000002";

let gh: MockGitHub;
let fake: RepoFake;
let app: TestProbot;
let owner: string;
let name: string;

beforeEach(async () => {
  gh = mockGitHub();
  app = await createTestProbot(appWith().appFn);
  const example = applyButtonPayload({ id: 1, name: "x", head_sha: HEAD, summary: "" }, "env-prod", "x");
  owner = example.repository.owner.login;
  name = example.repository.name;
  fake = new RepoFake(gh, owner, name);
});
afterEach((context) => cleanupGitHubMocks(context));

function planRun(env: string, slug: string, author: string, extra: Record<string, unknown> = {}) {
  const summary = progressMarker({ stage: "completed", correlationId: `${slug}-plan-900-0123abcd`, runId: 31, savedPlan: { key: `envbranch/codertocat/hello-world/${slug}/plans/${slug}-plan-900-0123abcd.tfplan`, sha256: PLAN_SHA256 }, outcome: "succeeded", offerApply: true, author, ...extra });
  fake.checkRuns.push({ id: 900, head_sha: HEAD, name: `envbranch: ${env}`, external_id: `envbranch:${slug}:${HEAD}:plan`, status: "completed", conclusion: "success", output: { title: "", summary } });
  return { id: 900, name: `envbranch: ${env}`, head_sha: HEAD, summary };
}

function expectRole(login: string, role: string) {
  gh.on(`GET /repos/${owner}/${name}/collaborators/${login}/permission`, { status: 200, body: { ...(exampleResponse("repos/get-collaborator-permission-level") as object), role_name: role } });
}

describe("the Apply this plan button on a direct push's plan", () => {
  const config = rawTestConfig({ environments: [{ branch: "env-prod", approval: "required" }] });

  it("applies the saved plan when an approver presses it and the branch has not moved", async () => {
    const run = planRun("env-prod", "prod", "bob");
    gh.installationToken();
    fake.expectConfig(config);
    gh.on(`GET /repos/${owner}/${name}/branches/env-prod`, { status: 200, body: { ...(exampleResponse("repos/get-branch") as object), name: "env-prod", commit: { ...(exampleResponse("repos/get-branch") as { commit: object }).commit, sha: HEAD } } });
    expectRole("alice", "write");
    fake.expectCheckRunLookup();
    fake.expectStartRun();
    fake.expectCheckRunCreate();
    fake.expectDeploymentCreate();
    const dispatch = fake.expectDispatch();
    fake.expectCheckRunUpdate();
    await app.probot.receive(webhookEvent("check_run", applyButtonPayload(run, "env-prod", "alice")));
    gh.assertDone();
    expect(parseSpec((dispatch.calls[0]?.body as { inputs: { spec: string } }).inputs.spec)).toMatchObject({ action: "apply", sha: HEAD, terraform: { savedPlan: { key: "envbranch/codertocat/hello-world/prod/plans/prod-plan-900-0123abcd.tfplan", sha256: PLAN_SHA256 } } });
    expect(fake.checkRuns.at(-1)).toMatchObject({ name: "envbranch: env-prod (apply requested)", conclusion: "neutral" });
  });

  it("refuses the pusher's own press without self-approval", async () => {
    const run = planRun("env-prod", "prod", "alice");
    gh.installationToken();
    fake.expectConfig(config);
    gh.on(`GET /repos/${owner}/${name}/branches/env-prod`, { status: 200, body: { ...(exampleResponse("repos/get-branch") as object), commit: { ...(exampleResponse("repos/get-branch") as { commit: object }).commit, sha: HEAD } } });
    expectRole("alice", "admin");
    fake.expectCheckRunCreate();
    await app.probot.receive(webhookEvent("check_run", applyButtonPayload(run, "env-prod", "alice")));
    gh.assertDone();
    expect(fake.dispatches).toHaveLength(0);
    expect(fake.checkRuns.at(-1)).toMatchObject({ conclusion: "failure", output: { title: "Apply refused for @alice" } });
    expect(fake.checkRuns.at(-1)?.output.summary).toContain("self-approval");
  });
});

describe("the Apply this plan button, pressed where it applies nothing", () => {
  const config = rawTestConfig({ environments: [{ branch: "env-prod", approval: "required" }] });
  const branchAt = (sha: string) => ({ status: 200, body: { ...(exampleResponse("repos/get-branch") as object), commit: { ...(exampleResponse("repos/get-branch") as { commit: object }).commit, sha } } });

  it("ignores another action's button, a pull request's plan and a run with no progress record, before any GitHub call", async () => {
    const other = applyButtonPayload(planRun("env-prod", "prod", "bob"), "env-prod", "alice") as ReturnType<typeof applyButtonPayload> & { requested_action: { identifier: string } };
    other.requested_action = { identifier: "retry" };
    const prPlan = applyButtonPayload({ ...planRun("env-prod", "prod", "bob", { pullRequest: 7 }) }, "env-prod", "alice");
    const noRecord = applyButtonPayload({ id: 900, name: "envbranch: env-prod", head_sha: HEAD, summary: "a check run without a progress record" }, "env-prod", "alice");
    const noBranch = applyButtonPayload(planRun("env-prod", "prod", "bob"), "env-prod", "alice");
    noBranch.check_run.check_suite = null as never;
    for (const payload of [other, prPlan, noRecord, noBranch]) await app.probot.receive(webhookEvent("check_run", payload));
    gh.assertDone();
    expect(gh.requests).toEqual([]);
  });

  it("ignores a button on a check run not named for the branch's environment", async () => {
    const run = planRun("env-prod", "prod", "bob");
    gh.installationToken();
    fake.expectConfig(config);
    await app.probot.receive(webhookEvent("check_run", applyButtonPayload({ ...run, name: "envbranch: env-staging" }, "env-prod", "alice")));
    gh.assertDone();
    expect(fake.dispatches).toHaveLength(0);
    expect(fake.checkRuns).toHaveLength(1);
  });

  it("refuses when the branch was deleted after the plan", async () => {
    const run = planRun("env-prod", "prod", "bob");
    gh.installationToken();
    fake.expectConfig(config);
    gh.on(`GET /repos/${owner}/${name}/branches/env-prod`, { status: 404, body: { message: "Branch not found" } });
    expectRole("alice", "write");
    fake.expectCheckRunCreate();
    await app.probot.receive(webhookEvent("check_run", applyButtonPayload(run, "env-prod", "alice")));
    gh.assertDone();
    expect(fake.dispatches).toHaveLength(0);
    expect(fake.checkRuns.at(-1)).toMatchObject({ conclusion: "failure", output: { title: "Apply refused for @alice" } });
    expect(fake.checkRuns.at(-1)?.output.summary).toContain("no longer exists");
  });

  it("refuses a plan of a commit the branch has moved on from", async () => {
    const run = planRun("env-prod", "prod", "bob");
    gh.installationToken();
    fake.expectConfig(config);
    gh.on(`GET /repos/${owner}/${name}/branches/env-prod`, branchAt(MERGE));
    expectRole("alice", "write");
    fake.expectCheckRunLookup();
    fake.expectCheckRunCreate();
    await app.probot.receive(webhookEvent("check_run", applyButtonPayload(run, "env-prod", "alice")));
    gh.assertDone();
    expect(fake.dispatches).toHaveLength(0);
    expect(fake.checkRuns.at(-1)?.output.summary).toContain("There is no plan for the head deadbee");
  });
});

describe("applyOn: merge", () => {
  beforeEach(() => {
    owner = "Codertocat";
    name = "Hello-World";
    fake = new RepoFake(gh, owner, name);
  });
  const config = rawTestConfig({ environments: [{ branch: "env-staging", approval: "required", applyOn: "merge" }] });

  function merged() {
    const payload = pullRequestPayload("closed", "env-staging", HEAD);
    payload.pull_request.merged = true;
    payload.pull_request.merge_commit_sha = MERGE;
    payload.pull_request.user = { ...payload.pull_request.user, login: "bob" } as typeof payload.pull_request.user;
    return payload;
  }

  function expectReviews(reviews: Array<{ login: string; state: string; commit: string }>) {
    gh.on(`GET /repos/${owner}/${name}/pulls/7/reviews`, {
      status: 200,
      body: reviews.map((r, i) => ({ ...(exampleResponse("pulls/get-review") as Record<string, unknown>), id: i + 1, state: r.state, commit_id: r.commit, user: { ...((exampleResponse("pulls/get-review") as { user: object }).user), login: r.login, type: "User" } })),
    });
  }

  /** A merge after a successful plan of the head, with these reviews, that applies the merge commit: its dispatch. */
  async function mergeThatApplies(reviews: Array<{ login: string; state: string; commit: string }>) {
    planRun("env-staging", "staging", "bob", { pullRequest: 7 });
    gh.installationToken();
    fake.expectConfig(config);
    expectReviews(reviews);
    fake.expectCheckRunLookup();
    expectRole("alice", "write");
    fake.expectStartRun();
    fake.expectDeploymentCreate();
    const dispatch = fake.expectDispatch();
    fake.expectCheckRunUpdate();
    fake.expectCommentList();
    await app.probot.receive(webhookEvent("pull_request", merged()));
    gh.assertDone();
    return dispatch;
  }

  it("applies the merge commit after an approving review of the planned head", async () => {
    const dispatch = await mergeThatApplies([{ login: "alice", state: "APPROVED", commit: HEAD }]);
    const spec = parseSpec((dispatch.calls[0]?.body as { inputs: { spec: string } }).inputs.spec);
    expect(spec).toMatchObject({ action: "apply", sha: MERGE, branch: "env-staging" });
    expect(spec.terraform.savedPlan).toBeUndefined();
  });

  /** A merge whose head `approver` (holding `role`) approved, answered with a refusal: no dispatch, no call beyond the lookups. */
  async function expectMergeRefused(approver: string, role: string) {
    gh.installationToken();
    fake.expectConfig(config);
    expectReviews([{ login: approver, state: "APPROVED", commit: HEAD }]);
    fake.expectCheckRunLookup();
    expectRole(approver, role);
    fake.expectCommentList();
    await app.probot.receive(webhookEvent("pull_request", merged()));
    gh.assertDone();
    expect(fake.dispatches).toHaveLength(0);
  }

  it("applies nothing when the only approval of the head is by someone who may not apply", async () => {
    planRun("env-staging", "staging", "bob", { pullRequest: 7 });
    await expectMergeRefused("carol", "read");
  });

  it("applies nothing when the approved head's plan did not succeed", async () => {
    planRun("env-staging", "staging", "bob", { pullRequest: 7, outcome: "failed" });
    fake.checkRuns[0] = { ...fake.checkRuns[0]!, conclusion: "failure" };
    await expectMergeRefused("alice", "write");
  });

  it("applies the merge commit when the approver commented after approving: a comment review withdraws no approval", async () => {
    const dispatch = await mergeThatApplies([
      { login: "alice", state: "APPROVED", commit: HEAD },
      { login: "alice", state: "COMMENTED", commit: HEAD },
    ]);
    expect(parseSpec((dispatch.calls[0]?.body as { inputs: { spec: string } }).inputs.spec)).toMatchObject({ action: "apply", sha: MERGE });
  });

  it("applies nothing when the approver requested changes after approving, or the approval was dismissed", async () => {
    // The installation token is cached after the first delivery.
    gh.installationToken();
    for (const later of ["CHANGES_REQUESTED", "DISMISSED"]) {
      fake.expectConfig(config);
      expectReviews([
        { login: "alice", state: "APPROVED", commit: HEAD },
        { login: "alice", state: later, commit: HEAD },
      ]);
      fake.expectCommentList();
      await app.probot.receive(webhookEvent("pull_request", merged()));
      gh.assertDone();
      expect(fake.dispatches, later).toHaveLength(0);
    }
  });

  it("applies nothing when the approval was of an older commit", async () => {
    gh.installationToken();
    fake.expectConfig(config);
    expectReviews([{ login: "alice", state: "APPROVED", commit: "0".repeat(40) }]);
    fake.expectCommentList();
    await app.probot.receive(webhookEvent("pull_request", merged()));
    gh.assertDone();
    expect(fake.dispatches).toHaveLength(0);
  });
});
