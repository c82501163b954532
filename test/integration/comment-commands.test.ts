import { useAppTest } from "../support/app-test.js";
import { describe, expect, it } from "vitest";
import { progressMarker } from "../../app/decisions/run-progress.js";
import { parseSpec } from "../../app/spec/spec-schema.js";
import { exampleResponse } from "../support/github/openapi.js";
import { webhookEvent } from "../support/github/webhooks.js";
import { commentPayload } from "../support/app-under-test.js";
import { rawTestConfig } from "../support/test-config.js";
import { TEST_APP_ID } from "../support/github/test-app-key.js";

/** The sha256 the plan run reported for its saved plan: an approval binds to it. */
const PLAN_SHA256 = "5".repeat(64);

const HEAD = "c0ffee0000000000000000000000000000000001";
const OLD = "c0ffee0000000000000000000000000000000000";

const t = useAppTest();
const config = rawTestConfig({ environments: [{ branch: "env-staging", approval: "required", approvers: { permission: "maintain", users: ["carol"] } }] });


/** The plan check run a finished plan leaves on a commit. */
function plannedAt(sha: string, outcome: "succeeded" | "failed" = "succeeded") {
  t.fake.checkRuns.push({
    id: 900,
    head_sha: sha,
    name: "envbranch: env-staging",
    external_id: `envbranch:staging:${sha}:plan`,
    status: "completed",
    conclusion: outcome === "succeeded" ? "success" : "failure",
    output: { title: "", summary: progressMarker({ stage: "completed", correlationId: "staging-plan-900-0123abcd", pullRequest: 7, runId: 31, savedPlan: { key: "envbranch/codertocat/hello-world/staging/plans/staging-plan-900-0123abcd.tfplan", sha256: PLAN_SHA256 }, outcome }) },
  });
}

/** The reads every command makes: reaction, the pull request, the config. */
function expectCommandPrelude(author = "bob") {
  t.gh.installationToken();
  const reaction = t.gh.on("POST /repos/Codertocat/Hello-World/issues/comments/4242/reactions", { status: 201, body: exampleResponse("reactions/create-for-issue-comment") });
  t.gh.on("GET /repos/Codertocat/Hello-World/pulls/7", () => {
    const pr = exampleResponse("pulls/get") as Record<string, any>;
    pr.number = 7;
    pr.state = "open";
    pr.user = { ...pr.user, login: author };
    pr.head = { ...pr.head, sha: HEAD, ref: "feature-x", repo: { ...pr.head.repo, full_name: "Codertocat/Hello-World" } };
    pr.base = { ...pr.base, ref: "env-staging", sha: OLD, repo: { ...pr.base.repo, full_name: "Codertocat/Hello-World" } };
    return { status: 200, body: pr };
  });
  t.fake.expectConfig(config);
  return reaction;
}

function expectPermission(login: string, role: string) {
  t.gh.on(`GET /repos/Codertocat/Hello-World/collaborators/${login}/permission`, {
    status: 200,
    body: { ...(exampleResponse("repos/get-collaborator-permission-level") as object), permission: role === "maintain" ? "write" : role, role_name: role },
  });
}

describe("/envbranch apply", () => {
  it("applies exactly the saved plan of the head for an approver", async () => {
    plannedAt(HEAD);
    const reaction = expectCommandPrelude();
    expectPermission("alice", "maintain");
    t.fake.expectCheckRunLookup();
    t.fake.expectStartRun();
    t.fake.expectDeploymentCreate();
    const dispatch = t.fake.expectDispatch();
    t.fake.expectCheckRunUpdate();
    const replyCall = t.fake.expectCommentCreate();
    await t.app.probot.receive(webhookEvent("issue_comment", commentPayload("LGTM\n\n/envbranch   APPLY\n")));
    t.gh.assertDone();
    expect(reaction.calls[0]?.body).toEqual({ content: "eyes" });
    const spec = parseSpec((dispatch.calls[0]?.body as { inputs: { spec: string } }).inputs.spec);
    expect(spec).toMatchObject({ action: "apply", sha: HEAD, branch: "env-staging", terraform: { savedPlan: { key: "envbranch/codertocat/hello-world/staging/plans/staging-plan-900-0123abcd.tfplan", sha256: PLAN_SHA256 } } });
    expect((replyCall.calls[0]?.body as { body: string }).body).toContain("Applying exactly the saved plan of `c0ffee0` to `env-staging`.");
  });

  it("refuses a user without the environment's permission, saying what would work", async () => {
    plannedAt(HEAD);
    expectCommandPrelude();
    expectPermission("alice", "write");
    const replyCall = t.fake.expectCommentCreate();
    await t.app.probot.receive(webhookEvent("issue_comment", commentPayload("/envbranch apply")));
    t.gh.assertDone();
    expect(t.fake.dispatches).toHaveLength(0);
    const body = (replyCall.calls[0]?.body as { body: string }).body;
    expect(body).toMatch(/^@alice Not done: /);
    expect(body).toContain("maintain");
  });

  it("ignores a plan check run another app wrote on the head, marker and all: only this app's writes are state", async () => {
    // Any app or workflow with checks: write can write this, naming a plan nobody reviewed.
    plannedAt(HEAD);
    t.fake.checkRuns[0]!.app = { id: 999, slug: "mallory-ci" };
    expectCommandPrelude();
    expectPermission("alice", "admin");
    const lookup = t.fake.expectCheckRunLookup();
    const replyCall = t.fake.expectCommentCreate();
    await t.app.probot.receive(webhookEvent("issue_comment", commentPayload("/envbranch apply")));
    t.gh.assertDone();
    expect(lookup.calls[0]?.query.app_id).toBe(String(TEST_APP_ID));
    expect(t.fake.dispatches).toHaveLength(0);
    expect((replyCall.calls[0]?.body as { body: string }).body).toContain("no plan for the head c0ffee0");
  });

  it("refuses when the plan is for an older commit: a push voids the approval", async () => {
    plannedAt(OLD);
    expectCommandPrelude();
    expectPermission("alice", "admin");
    t.fake.expectCheckRunLookup();
    const replyCall = t.fake.expectCommentCreate();
    await t.app.probot.receive(webhookEvent("issue_comment", commentPayload("/envbranch apply")));
    t.gh.assertDone();
    expect(t.fake.dispatches).toHaveLength(0);
    expect((replyCall.calls[0]?.body as { body: string }).body).toContain("no plan for the head c0ffee0");
  });

  it("refuses the author's own approval, before looking at the plan", async () => {
    plannedAt(HEAD, "failed");
    expectCommandPrelude("carol");
    expectPermission("carol", "read");
    const replyCall = t.fake.expectCommentCreate();
    await t.app.probot.receive(webhookEvent("issue_comment", commentPayload("/envbranch apply", 7, "carol")));
    t.gh.assertDone();
    expect((replyCall.calls[0]?.body as { body: string }).body).toContain("self-approval");
  });
});

describe("/envbranch apply of a failed plan", () => {
  it("is refused for an approver, saying the plan failed", async () => {
    plannedAt(HEAD, "failed");
    expectCommandPrelude();
    expectPermission("alice", "maintain");
    t.fake.expectCheckRunLookup();
    const replyCall = t.fake.expectCommentCreate();
    await t.app.probot.receive(webhookEvent("issue_comment", commentPayload("/envbranch apply")));
    t.gh.assertDone();
    expect(t.fake.dispatches).toHaveLength(0);
    expect((replyCall.calls[0]?.body as { body: string }).body).toContain("failed");
  });
});

describe("comments that never trigger anything", () => {
  it.each([
    ["an edited comment", commentPayload("/envbranch apply", 7, "alice", "edited")],
    ["a deleted comment", commentPayload("/envbranch apply", 7, "alice", "deleted")],
    ["a bot's comment", commentPayload("/envbranch apply", 7, "renovate[bot]", "created", "Bot")],
    ["the app's own reply", commentPayload("/envbranch apply", 7, "envbranch[bot]", "created", "Bot")],
    ["a command in a code block", commentPayload("```\n/envbranch apply\n```")],
    ["a command in a quote", commentPayload("> /envbranch apply")],
    ["a command inside a sentence", commentPayload("please /envbranch apply")],
  ])("%s", async (_, payload) => {
    await t.app.probot.receive(webhookEvent("issue_comment", payload));
    t.gh.assertDone();
    expect(t.gh.requests).toHaveLength(0);
  });
});

describe("/envbranch help and unknown commands", () => {
  it("answers both with the command reference", async () => {
    expectCommandPrelude();
    const replyCall = t.fake.expectCommentCreate();
    await t.app.probot.receive(webhookEvent("issue_comment", commentPayload("/envbranch help\n/envbranch frobnicate")));
    t.gh.assertDone();
    const body = (replyCall.calls[0]?.body as { body: string }).body;
    expect(body).toContain("### envbranch commands");
    expect(body).toContain("frobnicate");
  });
});

describe("/envbranch plan and unlock", () => {
  it("plans the head again for a writer, even when a plan exists", async () => {
    plannedAt(HEAD);
    expectCommandPrelude();
    expectPermission("alice", "write");
    t.fake.expectCheckRunCreate();
    const dispatch = t.fake.expectDispatch();
    t.fake.expectCheckRunUpdate();
    t.fake.expectCommentCreate();
    await t.app.probot.receive(webhookEvent("issue_comment", commentPayload("/envbranch plan")));
    t.gh.assertDone();
    expect(parseSpec((dispatch.calls[0]?.body as { inputs: { spec: string } }).inputs.spec)).toMatchObject({ action: "plan", sha: HEAD });
  });

  it("unlocks through the runner for a maintainer when no run of the environment is going", async () => {
    expectCommandPrelude();
    expectPermission("alice", "maintain");
    // Another environment's apply is going: it holds another state's lock.
    const runs = t.fake.expectWorkflowRunsList([{ id: 7001, display_title: "envbranch apply bob [bob-apply-1-0123abcd]", status: "in_progress" }], 2);
    t.fake.expectCheckRunCreate();
    const dispatch = t.fake.expectDispatch();
    t.fake.expectCheckRunUpdate();
    t.fake.expectCommentCreate();
    await t.app.probot.receive(webhookEvent("issue_comment", commentPayload("/envbranch unlock")));
    t.gh.assertDone();
    expect(runs.calls.map((c) => c.query.status).sort()).toEqual(["in_progress", "queued"]);
    const spec = parseSpec((dispatch.calls[0]?.body as { inputs: { spec: string } }).inputs.spec);
    expect(spec).toMatchObject({ action: "unlock" });
    expect(spec.unlockLockId).toBeUndefined();
  });

  it("refuses to unlock while a run of the environment is going, naming it, and dispatches nothing", async () => {
    expectCommandPrelude();
    expectPermission("alice", "maintain");
    t.fake.expectWorkflowRunsList([{ id: 7002, display_title: "envbranch apply staging [staging-apply-1000-0123abcd]", status: "in_progress" }], 2);
    const reply = t.fake.expectCommentCreate();
    await t.app.probot.receive(webhookEvent("issue_comment", commentPayload("/envbranch unlock")));
    t.gh.assertDone();
    const body = (reply.calls[0]?.body as { body: string }).body;
    expect(body).toContain("Not done: a run of `env-staging` is going ([apply](https://github.com/Codertocat/Hello-World/actions/runs/7002) (in progress))");
    expect(body).toContain("`/envbranch unlock <lock ID>`");
    expect(t.fake.dispatches).toEqual([]);
  });

  it("unlocks with a lock ID without asking about runs: the runner frees the lease only while that lock holds it", async () => {
    expectCommandPrelude();
    expectPermission("alice", "maintain");
    t.fake.expectCheckRunCreate();
    const dispatch = t.fake.expectDispatch();
    t.fake.expectCheckRunUpdate();
    const reply = t.fake.expectCommentCreate();
    await t.app.probot.receive(webhookEvent("issue_comment", commentPayload("/envbranch unlock 8d1b2c3a-0000-4000-8000-000000000001")));
    t.gh.assertDone();
    const spec = parseSpec((dispatch.calls[0]?.body as { inputs: { spec: string } }).inputs.spec);
    expect(spec).toMatchObject({ action: "unlock", unlockLockId: "8d1b2c3a-0000-4000-8000-000000000001" });
    expect((reply.calls[0]?.body as { body: string }).body).toContain("if lock `8d1b2c3a-0000-4000-8000-000000000001` still holds it");
  });

  it("restores a snapshot through the runner for a maintainer, without asking about runs: the restore takes the lease itself", async () => {
    expectCommandPrelude();
    expectPermission("alice", "maintain");
    t.fake.expectCheckRunCreate();
    const dispatch = t.fake.expectDispatch();
    t.fake.expectCheckRunUpdate();
    const reply = t.fake.expectCommentCreate();
    await t.app.probot.receive(webhookEvent("issue_comment", commentPayload("/envbranch restore 2026-12-02T04:43:02.1234567Z")));
    t.gh.assertDone();
    const spec = parseSpec((dispatch.calls[0]?.body as { inputs: { spec: string } }).inputs.spec);
    expect(spec).toMatchObject({ action: "restore", restoreVersion: "2026-12-02T04:43:02.1234567Z", terraform: { snapshotRetention: 20 } });
    expect((reply.calls[0]?.body as { body: string }).body).toContain("Restoring snapshot `2026-12-02T04:43:02.1234567Z` as the state of `env-staging`");
  });

  it("refuses a restore by a writer and dispatches nothing", async () => {
    expectCommandPrelude();
    expectPermission("alice", "write");
    const reply = t.fake.expectCommentCreate();
    await t.app.probot.receive(webhookEvent("issue_comment", commentPayload("/envbranch restore 2026-12-02T04:43:02.1234567Z")));
    t.gh.assertDone();
    expect((reply.calls[0]?.body as { body: string }).body).toContain("`/envbranch restore` needs maintain or admin permission");
    expect(t.fake.dispatches).toEqual([]);
  });
});
