import { describe, expect, it } from "vitest";
import { progressMarker, readProgress } from "../../app/decisions/run-progress.js";
import { parseSpec } from "../../app/spec/spec-schema.js";
import { useAppTest } from "../support/app-test.js";
import { applyButtonPayload } from "../support/app-under-test.js";
import { exampleResponse } from "../support/github/openapi.js";
import { webhookEvent } from "../support/github/webhooks.js";
import { DEFAULT_HEAD, OWN_BOT } from "../support/repo-fake.js";
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
    t.fake.expectStartRun();
    t.fake.expectDeploymentList();
    t.fake.expectDeploymentCreate();
    t.fake.expectWorkflowRunsList();
    const dispatch = t.fake.expectDispatch();
    // The resumed run's progress, then the press's own check run standing down.
    const update = t.fake.expectCheckRunUpdate(2);
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
    expect(await answerWithoutDispatch(press)).toMatchObject({ conclusion: "failure", output: { title: "Retry refused for @mallory" } });
  });
});

describe("the Retry button of a push an error stopped before its run existed", () => {
  /** The failed check run a push left when the branches could not be read (see push-refusals.test.ts), pressed by `login`. */
  function stoppedPush(login: string) {
    const summary = `${progressMarker({ stage: "created", branch: "env-alice", before: "b".repeat(40), author: "bob" })}\n\nNothing more was done for this commit: GitHub answered 500.`;
    const externalId = `envbranch:setup:${SHA}`;
    t.fake.checkRuns.push({ id: 1000, head_sha: SHA, name: "envbranch: env-alice", external_id: externalId, status: "completed", conclusion: "failure", output: { title: "envbranch hit an error", summary } });
    const payload = applyButtonPayload({ id: 1000, name: "envbranch: env-alice", head_sha: SHA, summary }, "env-alice", login);
    (payload as { requested_action: { identifier: string } }).requested_action = { identifier: "retry" };
    payload.check_run.external_id = externalId;
    return webhookEvent("check_run", payload);
  }

  function expectPushReads() {
    t.gh.installationToken();
    t.fake.expectConfig(rawTestConfig());
    t.fake.expectBranches(["env-alice"]);
  }

  it("handles the push again and starts its run, Terraform included, when a writer presses it", async () => {
    const press = stoppedPush("alice");
    expectPushReads();
    expectRole("alice", "write");
    t.fake.expectStartRun();
    t.fake.expectDeploymentCreate();
    const dispatch = t.fake.expectDispatch();
    t.fake.expectCheckRunUpdate();
    t.fake.expectQueueCheck();
    const answer = t.fake.expectCheckRunCreate();
    await t.app.probot.receive(press);
    t.gh.assertDone();

    expect(specOf(dispatch)).toMatchObject({ action: "apply", sha: SHA, branch: "env-alice" });
    const run = t.fake.checkRuns.find((r) => r.external_id === KEY);
    expect(run?.name).toBe("envbranch: env-alice");
    expect(readProgress(run?.output.summary ?? "")).toMatchObject({ stage: "dispatched", before: "b".repeat(40), author: "bob" });
    expect(answer.calls[0]?.body).toMatchObject({ name: "envbranch: env-alice (retry requested)", conclusion: "neutral", output: { title: "Retry requested by @alice", summary: expect.stringContaining("Started apply") } });
  });

  it("is refused for someone who may not plan the environment, and starts nothing", async () => {
    const press = stoppedPush("mallory");
    expectPushReads();
    expectRole("mallory", "read");
    expect(await answerWithoutDispatch(press)).toMatchObject({ conclusion: "failure", output: { title: "Retry refused for @mallory" } });
  });

  it("starts nothing once the branch has moved on, for anyone", async () => {
    const press = stoppedPush("alice");
    t.gh.installationToken();
    t.fake.expectConfig(rawTestConfig());
    t.fake.expectBranches(["env-alice"], { "env-alice": "d".repeat(40) });
    expect(await answerWithoutDispatch(press)).toMatchObject({ conclusion: "neutral", output: { summary: expect.stringContaining("Nothing to retry: superseded") } });
  });
});

const HEAD = "c0ffee0000000000000000000000000000000001";
const DEPLOYED = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
const STAGING = rawTestConfig({ environments: [{ branch: "env-staging", approval: "required", approvers: { permission: "maintain" } }] });

/** A check run an error stopped, as the fake holds it, and the press of its Retry button by `login`. */
function stoppedRun(run: { name: string; sha: string; externalId: string; progress: Parameters<typeof progressMarker>[0] }, login: string, branch = "feature-x") {
  const summary = progressMarker(run.progress);
  t.fake.checkRuns.push({ id: 1000, head_sha: run.sha, name: run.name, external_id: run.externalId, status: "completed", conclusion: "failure", output: { title: "envbranch hit an error", summary } });
  const payload = applyButtonPayload({ id: 1000, name: run.name, head_sha: run.sha, summary }, branch, login);
  (payload as { requested_action: { identifier: string } }).requested_action = { identifier: "retry" };
  payload.check_run.external_id = run.externalId;
  return webhookEvent("check_run", payload);
}

/** Pull request #7 into env-staging from a branch of the repository, by bob, at `head`. */
function expectPullRequest(head = HEAD) {
  t.gh.on("GET /repos/electron/electron/pulls/7", () => {
    const pr = exampleResponse("pulls/get") as Record<string, any>;
    pr.number = 7;
    pr.state = "open";
    pr.user = { ...pr.user, login: "bob" };
    pr.head = { ...pr.head, sha: head, ref: "feature-x", repo: { ...pr.head.repo, full_name: "electron/electron" } };
    pr.base = { ...pr.base, ref: "env-staging", repo: { ...pr.base.repo, full_name: "electron/electron" } };
    return { status: 200, body: pr };
  });
}

/** The reads of every press on a pull request's check run: the pull request, the config, the presser's role. */
function expectPullRequestPress(login: string, role: string) {
  t.gh.installationToken();
  expectPullRequest();
  t.fake.expectConfig(STAGING);
  expectRole(login, role);
}

/** The reads of every press on a destroy's check run: the config, the last deployment, the presser's role. */
function expectDestroyPress(login: string, role: string) {
  t.gh.installationToken();
  t.fake.expectConfig(rawTestConfig());
  t.fake.expectDeploymentList();
  expectRole(login, role);
}

/**
 * Delivers a press expected to dispatch, and declares the check-run updates and the answer that follow:
 * for a resumed run, its own update, then the press's check run standing down; for a new run, its update.
 */
async function dispatchOnPress(press: ReturnType<typeof webhookEvent>, run: "resumed" | "new" = "resumed") {
  const dispatch = t.fake.expectDispatch();
  const update = t.fake.expectCheckRunUpdate(run === "resumed" ? 2 : 1);
  const answer = t.fake.expectCheckRunCreate();
  await t.app.probot.receive(press);
  t.gh.assertDone();
  return { dispatch, update, answer };
}

/** Delivers a press expected to start nothing; returns the answer's check run. */
async function answerWithoutDispatch(press: ReturnType<typeof webhookEvent>) {
  const answer = t.fake.expectCheckRunCreate();
  await t.app.probot.receive(press);
  t.gh.assertDone();
  expect(t.fake.dispatches).toHaveLength(0);
  return answer.calls[0]?.body;
}

function specOf(dispatch: { calls: Array<{ body: unknown }> }) {
  return parseSpec((dispatch.calls[0]?.body as { inputs: { spec: string } }).inputs.spec);
}

describe("the Retry button of a pull request's plan that an error stopped", () => {
  const plan = { name: "envbranch: env-staging", sha: HEAD, externalId: `envbranch:staging:${HEAD}:plan`, progress: { stage: "created" as const, pullRequest: 7 } };

  it("resumes the plan in its own check run for someone `/envbranch plan` accepts", async () => {
    const press = stoppedRun(plan, "alice");
    expectPullRequestPress("alice", "write");
    t.fake.expectStartRun();
    t.fake.expectWorkflowRunsList();
    const { dispatch, update, answer } = await dispatchOnPress(press);
    expect(specOf(dispatch)).toMatchObject({ action: "plan", sha: HEAD, branch: "env-staging" });
    expect(update.calls[0]?.params.check_run_id).toBe("1000");
    expect(answer.calls[0]?.body).toMatchObject({ external_id: "envbranch:retry:1000:alice", conclusion: "neutral", output: { summary: expect.stringContaining("Planning `c0ffee0` against `env-staging`.") } });
  });

  it("is refused for someone who may not plan, and starts nothing", async () => {
    const press = stoppedRun(plan, "mallory");
    expectPullRequestPress("mallory", "read");
    expect(await answerWithoutDispatch(press)).toMatchObject({ conclusion: "failure", output: { title: "Retry refused for @mallory" } });
  });

  it("plans nothing once the pull request has moved on: its new head has its own plan", async () => {
    const press = stoppedRun(plan, "alice");
    t.gh.installationToken();
    expectPullRequest("d".repeat(40));
    t.fake.expectConfig(STAGING);
    expect(await answerWithoutDispatch(press)).toMatchObject({ conclusion: "neutral", output: { summary: expect.stringContaining("has moved on to `ddddddd`") } });
  });

  it("plans the pull request when the error came before its environment was known", async () => {
    const press = stoppedRun({ name: "envbranch", sha: HEAD, externalId: `envbranch:pr:7:${HEAD}`, progress: { stage: "created" } }, "alice");
    expectPullRequestPress("alice", "write");
    t.fake.expectStartRun();
    const { dispatch } = await dispatchOnPress(press, "new");
    expect(specOf(dispatch)).toMatchObject({ action: "plan", sha: HEAD });
  });
});

describe("the Retry button of a command an error stopped", () => {
  const PLAN_SHA256 = "5".repeat(64);
  function planned() {
    const savedPlan = { key: "envbranch/electron/electron/staging/plans/staging-plan-900-0123abcd.tfplan", sha256: PLAN_SHA256 };
    t.fake.checkRuns.push({ id: 900, head_sha: HEAD, name: "envbranch: env-staging", external_id: `envbranch:staging:${HEAD}:plan`, status: "completed", conclusion: "success", output: { title: "", summary: progressMarker({ stage: "completed", correlationId: "staging-plan-900-0123abcd", pullRequest: 7, runId: 31, savedPlan, outcome: "succeeded" }) } });
  }
  const apply = { name: "envbranch: env-staging", sha: HEAD, externalId: `envbranch:staging:${HEAD}:apply`, progress: { stage: "created" as const, pullRequest: 7 } };

  it("applies exactly the saved plan for an approver, as `/envbranch apply` would", async () => {
    planned();
    const press = stoppedRun(apply, "alice");
    expectPullRequestPress("alice", "maintain");
    t.fake.expectCheckRunLookup();
    t.fake.expectStartRun();
    t.fake.expectDeploymentList();
    t.fake.expectDeploymentCreate();
    t.fake.expectWorkflowRunsList();
    const { dispatch } = await dispatchOnPress(press);
    expect(specOf(dispatch)).toMatchObject({ action: "apply", sha: HEAD, terraform: { savedPlan: { sha256: PLAN_SHA256 } } });
  });

  it("is refused for the pull request's author, whom `/envbranch apply` refuses too (no self-approval)", async () => {
    planned();
    const press = stoppedRun(apply, "bob");
    expectPullRequestPress("bob", "maintain");
    expect(await answerWithoutDispatch(press)).toMatchObject({ conclusion: "failure", output: { summary: expect.stringContaining("does not allow self-approval") } });
  });

  it("unlocks only the lock the command named, for a maintainer", async () => {
    const lockId = "8d1b2c3a-0000-4000-8000-000000000001";
    const press = stoppedRun({ name: "envbranch: env-staging", sha: HEAD, externalId: `envbranch:staging:${HEAD}:unlock`, progress: { stage: "created", pullRequest: 7, lockId } }, "alice");
    expectPullRequestPress("alice", "maintain");
    t.fake.expectStartRun();
    t.fake.expectWorkflowRunsList();
    const { dispatch } = await dispatchOnPress(press);
    expect(specOf(dispatch)).toMatchObject({ action: "unlock", unlockLockId: lockId });
  });

  it("is refused for an unlock by someone without maintain", async () => {
    const press = stoppedRun({ name: "envbranch: env-staging", sha: HEAD, externalId: `envbranch:staging:${HEAD}:unlock`, progress: { stage: "created", pullRequest: 7 } }, "alice");
    expectPullRequestPress("alice", "write");
    expect(await answerWithoutDispatch(press)).toMatchObject({ conclusion: "failure", output: { summary: expect.stringContaining("`/envbranch unlock` needs maintain or admin permission") } });
  });
});

describe("the Retry button of a deleted branch's destroy that an error stopped", () => {
  const destroy = { name: "envbranch: env-alice", sha: DEPLOYED, externalId: `envbranch:alice:${DEPLOYED}:destroy`, progress: { stage: "dispatch-failed" as const, correlationId: "alice-destroy-1000-0123abcd" } };
  function deployed() {
    t.fake.deployments.push({ id: 1, sha: DEPLOYED, ref: DEPLOYED, environment: "env-alice", payload: { branch: "env-alice", correlationId: "c", action: "apply" } });
  }
  function expectBranch(status: 200 | 404) {
    t.gh.on("GET /repos/{owner}/{repo}/branches/{branch}", status === 404 ? { status: 404, body: { message: "Branch not found" } } : { status: 200, body: { ...(exampleResponse("repos/get-branch") as object), name: "env-alice" } });
  }

  it("dispatches the destroy again on the default branch while the branch stays deleted", async () => {
    deployed();
    const press = stoppedRun(destroy, "alice", "master");
    expectDestroyPress("alice", "write");
    expectBranch(404);
    t.fake.expectStartRun();
    t.fake.expectWorkflowRunsList();
    const { dispatch, update, answer } = await dispatchOnPress(press);
    expect((dispatch.calls[0]?.body as { ref: string }).ref).toBe("master");
    expect(specOf(dispatch)).toMatchObject({ action: "destroy", sha: DEPLOYED, branch: "env-alice" });
    expect(update.calls[0]?.params.check_run_id).toBe("1000");
    expect(answer.calls[0]?.body).toMatchObject({ conclusion: "neutral", output: { summary: expect.stringContaining("Destroying `env-alice` again") } });
  });

  it("destroys nothing once the branch exists again", async () => {
    deployed();
    const press = stoppedRun(destroy, "alice", "master");
    expectDestroyPress("alice", "write");
    expectBranch(200);
    expect(await answerWithoutDispatch(press)).toMatchObject({ output: { summary: expect.stringContaining("`env-alice` exists again") } });
  });

  it("is refused for someone who could not delete the branch", async () => {
    deployed();
    const press = stoppedRun(destroy, "mallory", "master");
    expectDestroyPress("mallory", "read");
    expect(await answerWithoutDispatch(press)).toMatchObject({ conclusion: "failure", output: { title: "Retry refused for @mallory" } });
  });

  it("destroys nothing when only a forged deployment claims the environment", async () => {
    t.fake.deployments.push({ id: 1, sha: DEPLOYED, ref: DEPLOYED, environment: "env-alice", payload: { branch: "env-alice" }, writer: { account: { ...OWN_BOT, login: "mallory", type: "User" }, app: null } });
    const press = stoppedRun(destroy, "alice", "master");
    t.gh.installationToken();
    t.fake.expectConfig(rawTestConfig());
    t.fake.expectDeploymentList();
    await t.app.probot.receive(press);
    t.gh.assertDone();
    expect(t.fake.dispatches).toHaveLength(0);
  });
});
