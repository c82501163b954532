import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import nock from "nock";
import { readProgress } from "../../app/decisions/run-progress.js";
import { GITHUB_RETRIES } from "../../app/github-retry-policy.js";
import { parseSpec } from "../../app/spec/spec-schema.js";
import { startAzurite, type Azurite } from "../support/azurite.js";
import { cleanupGitHubMocks, mockGitHub, type MockGitHub } from "../support/github/mock-github.js";
import type { TestProbot } from "../support/github/test-probot.js";
import { webhookEvent } from "../support/github/webhooks.js";
import { appWith, deletePayload, pushPayload } from "../support/app-under-test.js";
import { DEFAULT_HEAD, RepoFake } from "../support/repo-fake.js";
import { rawTestConfig } from "../support/test-config.js";
import { deployedAlice, expectDeleteWithMissingWorkflow, expectTeardownRedelivery } from "./support/deleted-environment.js";
import { killSwitch } from "./support/kill-switch.js";
import { azureAccess, mockResourceManager, TENANT } from "./support/resource-manager-fake.js";
import { createRetryingProbot } from "./support/retrying-probot.js";
import { ARCHIVE_PREFIX, STATE, archivedBlobs, liveState, seedState } from "./support/state-blobs.js";

let gh: MockGitHub;
let fake: RepoFake;

afterEach((context) => cleanupGitHubMocks(context));

// What each redelivery ended with, for the closing summary.
const outcomes: string[] = [];
afterAll(() => console.log(`App killed mid-push, redelivered to a new process: ${outcomes.join(", ")} (check runs/deployments/deliveries that dispatched; 1/1/1 is right)`));

/** The GitHub fake of one test, behind a switch that kills the app once `dead` holds for the fake's state. */
function githubDyingWhen(dead: (fake: RepoFake) => boolean) {
  const power = killSwitch(() => dead(fake));
  gh = mockGitHub();
  fake = new RepoFake(gh);
  return power;
}

/**
 * The calls of a first push of env-alice that the dying process gets answered, up to `last`. Killed
 * right after the check run's creation, it never gets to list the key's check runs.
 */
function expectPushUntil(last: "create" | "deployment" | "dispatch") {
  gh.installationToken();
  fake.expectConfig(rawTestConfig());
  fake.expectBranches(["env-alice"]);
  if (last === "create") {
    fake.expectCheckRunCreate();
    return;
  }
  fake.expectStartRun();
  fake.expectDeploymentCreate();
  if (last === "dispatch") fake.expectDispatch();
}

/**
 * The redelivery's reads, in a new process (a new installation token). It comes minutes after the
 * first delivery, as a person redelivers: a check run that started less than a minute ago would be
 * another delivery still starting the run, which the redelivery must leave alone.
 */
function expectPushRedeliveryReads() {
  const minutesAgo = new Date(Date.now() - 5 * 60_000).toISOString();
  for (const run of fake.checkRuns) run.started_at = minutesAgo;
  gh.installationToken();
  fake.expectConfig(rawTestConfig());
  fake.expectBranches(["env-alice"]);
  fake.expectStartRun();
}

/**
 * A resumed push: the dispatched run's recorded progress, the redelivery's own check run standing
 * down, then where GitHub queued the run.
 */
function expectDispatchRecorded() {
  fake.expectCheckRunUpdate(2);
  fake.expectQueueCheck();
}

async function deliverPush(app: TestProbot, id: string) {
  await app.probot.receive(webhookEvent("push", pushPayload("env-alice", DEFAULT_HEAD, { created: true }), id));
}

/**
 * The one run the push must end with: one check run, one deployment, one dispatch, tied together.
 * `dispatchedBefore` is how many dispatch requests the killed process made.
 */
function expectOneRun(killedAfter: string, dispatchedBefore: number) {
  // Every dispatch request that reached GitHub counts, answered or not: one more is a dispatch too many.
  const dispatches = gh.count("actions/create-workflow-dispatch");
  const dispatchingDeliveries = dispatchedBefore + (dispatches > dispatchedBefore ? 1 : 0);
  outcomes.push(`after ${killedAfter} ${fake.checkRuns.filter((r) => r.name === "envbranch: env-alice").length}/${fake.deployments.length}/${dispatchingDeliveries}`);
  const [run, ...duplicates] = fake.checkRuns;
  expect(fake.checkRuns.filter((r) => r.name === "envbranch: env-alice")).toEqual([run]);
  // The redelivery's own check run stood down, renamed so it does not hide the run it resumed.
  for (const duplicate of duplicates) expect(duplicate).toMatchObject({ name: "envbranch: env-alice (duplicate delivery)", conclusion: "neutral" });
  expect(fake.deployments).toHaveLength(1);
  expect(dispatches, "dispatch requests over both deliveries").toBe(1);
  const spec = parseSpec(fake.dispatches[0]?.inputs.spec ?? "");
  expect(fake.deployments[0]?.payload).toMatchObject({ correlationId: spec.correlationId });
  expect(readProgress(run?.output.summary ?? "")).toMatchObject({ stage: "dispatched", deploymentId: fake.deployments[0]?.id, correlationId: spec.correlationId });
}

describe("the app killed in the middle of a push, then the delivery redelivered to a restarted process", () => {
  it("right after the check run was created: the redelivery resumes it, deploys and dispatches once", async () => {
    const power = githubDyingWhen((f) => f.checkRuns.length > 0);
    expectPushUntil("create");
    const dying = await createRetryingProbot(appWith().appFn);
    await deliverPush(dying, "killed-after-create");
    expect(power.resets()).toBeGreaterThan(0);
    expect(dying.logs.some((l) => l.level >= 50 && l.delivery === "killed-after-create")).toBe(true);

    power.restart();
    expectPushRedeliveryReads();
    fake.expectDeploymentList();
    fake.expectDeploymentCreate();
    fake.expectWorkflowRunsList();
    fake.expectDispatch();
    expectDispatchRecorded();
    await deliverPush(await createRetryingProbot(appWith().appFn), "killed-after-create");
    expectOneRun("check run", 0);
    gh.assertDone();
  });

  it("right after the deployment was created: the redelivery finds that deployment and dispatches once", async () => {
    const power = githubDyingWhen((f) => f.deployments.length > 0);
    expectPushUntil("deployment");
    await deliverPush(await createRetryingProbot(appWith().appFn), "killed-after-deployment");
    expect(power.resets()).toBeGreaterThan(0);

    power.restart();
    expectPushRedeliveryReads();
    fake.expectDeploymentList();
    fake.expectWorkflowRunsList();
    fake.expectDispatch();
    expectDispatchRecorded();
    await deliverPush(await createRetryingProbot(appWith().appFn), "killed-after-deployment");
    expectOneRun("deployment", 0);
    gh.assertDone();
  });

  it("right after the dispatch, before it was recorded: the redelivery finds the dispatched run instead of dispatching again", async () => {
    const power = githubDyingWhen((f) => f.dispatches.length > 0);
    expectPushUntil("dispatch");
    await deliverPush(await createRetryingProbot(appWith().appFn), "killed-after-dispatch");
    expect(power.resets()).toBeGreaterThan(0);
    const dispatched = fake.dispatches[0];

    power.restart();
    expectPushRedeliveryReads();
    fake.expectDeploymentList();
    // The dispatched run, named as the workflow names it: "[correlation id]" in its run-name.
    const { correlationId } = parseSpec(dispatched?.inputs.spec ?? "");
    const runs = fake.expectWorkflowRunsList([{ id: 5001, display_title: `envbranch apply alice [${correlationId}]` }]);
    expectDispatchRecorded();
    await deliverPush(await createRetryingProbot(appWith().appFn), "killed-after-dispatch");
    expectOneRun("dispatch", 1);
    gh.assertDone();
    expect(runs.calls[0]?.query, "only dispatched runs on the branch the run was dispatched on").toMatchObject({ event: "workflow_dispatch", branch: "env-alice" });
    expect(fake.checkRuns[0]?.details_url, "the check run links the run the first process started").toBe("https://github.com/Codertocat/Hello-World/actions/runs/5001");
  });
});

describe("a deletion whose listing of its key failed after its check run was created", () => {
  it("is destroyed by its redelivery once GitHub answers again, from the check run the failure was shown in", async () => {
    gh = mockGitHub();
    fake = new RepoFake(gh);
    deployedAlice(fake);
    const delivery = webhookEvent("delete", deletePayload("env-alice"), "delete-lookup-outage");
    gh.installationToken();
    fake.expectConfig(rawTestConfig());
    fake.expectDeploymentList();
    fake.expectCheckRunCreate();
    gh.on("checks/list-for-ref", { status: 502, body: "bad gateway", headers: { "content-type": "text/html" } }, { times: GITHUB_RETRIES + 1 });
    fake.expectCheckRunUpdate();
    await (await createRetryingProbot(appWith().appFn)).probot.receive(delivery);
    expect(fake.checkRuns[0]).toMatchObject({ name: "envbranch: env-alice", conclusion: "failure", output: { title: "envbranch hit an error starting destroy of env-alice" } });

    gh.installationToken();
    fake.expectConfig(rawTestConfig());
    fake.expectDeploymentList();
    fake.expectStartRun();
    // Resumed, it first looks for a run an earlier dispatch may have started.
    fake.expectWorkflowRunsList();
    fake.expectDispatch();
    // The resumed run's dispatch, then the redelivery's own check run standing down.
    fake.expectCheckRunUpdate(2);
    await (await createRetryingProbot(appWith().appFn)).probot.receive(delivery);
    expect(fake.dispatches, "destroy dispatched by the redelivery").toHaveLength(1);
    expect(readProgress(fake.checkRuns[0]?.output.summary ?? "")?.stage).toBe("dispatched");
    gh.assertDone();
  });
});

describe("the app killed in the middle of a teardown through Azure, right after the state archive", () => {
  let azurite: Azurite;
  beforeAll(async () => {
    azurite = await startAzurite({ account: "sttfstate" });
  });
  afterAll(async () => azurite.stop());
  beforeEach(async () => seedState(azurite.serviceClient()));

  it("is finished by the redelivery: one archive, the groups deleted, one check run saying where the state went", async () => {
    gh = mockGitHub();
    fake = new RepoFake(gh);
    deployedAlice(fake);
    const delivery = webhookEvent("delete", deletePayload("env-alice"), "killed-after-archive");

    // The process dies waiting for its first Azure token, which comes right after the archive: it never answers.
    let reachedAzure: () => void = () => undefined;
    const atAzure = new Promise<void>((resolve) => (reachedAzure = resolve));
    nock("https://login.microsoftonline.com")
      .post(`/${TENANT}/oauth2/v2.0/token`)
      .query(true)
      .reply(() => (reachedAzure(), new Promise<never>(() => undefined)));
    const dying = appWith({ azure: azureAccess(azurite) });
    expectDeleteWithMissingWorkflow(gh, fake, 2);
    await (await createRetryingProbot(dying.appFn)).probot.receive(delivery);
    await atAzure;
    gh.assertDone();
    expect(await liveState(azurite.serviceClient())).toBeNull();
    expect(await archivedBlobs(azurite.serviceClient())).toEqual([STATE]);

    const restarted = appWith({ azure: azureAccess(azurite) });
    const arm = mockResourceManager();
    expectTeardownRedelivery(gh, fake, 4);
    await (await createRetryingProbot(restarted.appFn)).probot.receive(delivery);
    await restarted.jobs.idle();
    gh.assertDone();
    expect(arm.arm.isDone()).toBe(true);
    expect(gh.count("actions/create-workflow-dispatch")).toBe(1);
    // One check run of the environment; the redelivery's own stood down under another name.
    expect(fake.checkRuns.map((r) => r.name)).toEqual(["envbranch: env-alice", "envbranch: env-alice (duplicate delivery)"]);
    const run = fake.checkRuns[0];
    expect(run).toMatchObject({ conclusion: "success", output: { title: "env-alice torn down through Azure" } });
    expect(await archivedBlobs(azurite.serviceClient())).toEqual([STATE]);
    // The state was archived by the process that died: the check run must say where it went, not that there was none.
    expect(run?.output.summary).toContain(ARCHIVE_PREFIX);
  });
});
