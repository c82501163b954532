import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { readProgress } from "../../app/decisions/run-progress.js";
import { startAzurite, type Azurite } from "../support/azurite.js";
import { cleanupGitHubMocks, mockGitHub, type MockGitHub } from "../support/github/mock-github.js";
import type { TestProbot } from "../support/github/test-probot.js";
import { webhookEvent } from "../support/github/webhooks.js";
import { appWith, deletePayload } from "../support/app-under-test.js";
import { RepoFake } from "../support/repo-fake.js";
import { deployedAlice, expectDeleteWithMissingWorkflow, expectTeardownRedelivery } from "./support/deleted-environment.js";
import { ARM_CALLS, ARM_FAULTS, MAX_ARM_RETRIES, azureAccess, mockResourceManager } from "./support/resource-manager-fake.js";
import { createRetryingProbot } from "./support/retrying-probot.js";
import { STATE, archivedBlobs, liveState, seedState } from "./support/state-blobs.js";

let azurite: Azurite;
let gh: MockGitHub;
let fake: RepoFake;

beforeAll(async () => {
  azurite = await startAzurite({ account: "sttfstate" });
});
afterAll(async () => azurite.stop());
beforeEach(async () => {
  gh = mockGitHub();
  fake = new RepoFake(gh);
  deployedAlice(fake);
  await seedState(azurite.serviceClient());
});
afterEach((context) => cleanupGitHubMocks(context));

// Calls whose one-off fault the SDK rode out and the teardown completed, per fault class.
const recovered = new Map<string, number>();
afterAll(() => {
  for (const [fault, count] of recovered) console.log(`Resource Manager ${fault} once on each of ${ARM_CALLS.join("/")}: ${count}/${ARM_CALLS.length} teardowns completed by the SDK's own retry`);
});

/** A new app process with Azure access; its teardowns run as background jobs to await. */
async function startApp(): Promise<{ app: TestProbot; idle: () => Promise<void> }> {
  const { appFn, jobs } = appWith({ azure: azureAccess(azurite) });
  return { app: await createRetryingProbot(appFn), idle: () => jobs.idle() };
}

/** Delivers the deletion of env-alice, whose destroy workflow is missing, and waits for the teardown. */
async function deleteWithMissingWorkflow(checkRunUpdates: number, id: string): Promise<TestProbot> {
  const { app, idle } = await startApp();
  expectDeleteWithMissingWorkflow(gh, fake, checkRunUpdates);
  await app.probot.receive(webhookEvent("delete", deletePayload("env-alice"), id));
  await idle();
  return app;
}

describe.each(ARM_FAULTS)("Resource Manager $name during a teardown through Azure", (fault) => {
  it.each(ARM_CALLS)("once on the %s call: the SDK retries it and the teardown completes", async (at) => {
    const azure = mockResourceManager({ at, fault, times: 1 });
    await deleteWithMissingWorkflow(5, `arm-${fault.status}-${at}-once`);
    gh.assertDone();
    expect(azure.arm.isDone() && azure.login.isDone()).toBe(true);
    expect(azure.requests[at]).toBe(2);
    expect(fake.checkRuns[0]).toMatchObject({ conclusion: "success", output: { title: "env-alice torn down through Azure" } });
    expect(await archivedBlobs(azurite.serviceClient())).toEqual([STATE]);
    recovered.set(fault.name, (recovered.get(fault.name) ?? 0) + 1);
  });

  it("on every delete: tried MAX_ARM_RETRIES + 1 times, reported with the archive recorded, and a redelivery resumes", async () => {
    const id = `arm-${fault.status}-delete-persistent`;
    const broken = mockResourceManager({ at: "delete", fault, times: MAX_ARM_RETRIES + 1 });
    const first = await deleteWithMissingWorkflow(4, id);
    gh.assertDone();
    expect(broken.arm.isDone()).toBe(true);
    expect(broken.requests.delete).toBe(MAX_ARM_RETRIES + 1);
    const run = fake.checkRuns[0];
    expect(run).toMatchObject({ conclusion: "failure", output: { title: "Could not tear down env-alice" } });
    expect(run?.output.summary).toContain("could not delete resource group rg-helloworld-alice");
    expect(run?.output.summary).toContain("Press **Retry** on this check run to resume from here.");
    expect((run as { actions?: unknown[] } | undefined)?.actions).toEqual([expect.objectContaining({ identifier: "retry" })]);
    expect(readProgress(run?.output.summary ?? "")).toMatchObject({ stage: "state-archived" });
    expect(await liveState(azurite.serviceClient())).toBeNull();
    expect(await archivedBlobs(azurite.serviceClient())).toEqual([STATE]);
    expect(first.logs.some((l) => l.level >= 50 && l.delivery === id && String(l.msg).startsWith("envbranch failed: tearing env-alice down through Azure stopped"))).toBe(true);

    // The redelivery, to a restarted process, resumes after the archive: no dispatch, no second archive.
    const healthy = mockResourceManager();
    const { app, idle } = await startApp();
    expectTeardownRedelivery(gh, fake, 3);
    await app.probot.receive(webhookEvent("delete", deletePayload("env-alice"), id));
    await idle();
    gh.assertDone();
    expect(healthy.arm.isDone()).toBe(true);
    // The environment's one check run; the redelivery's own stood down under another name.
    expect(fake.checkRuns.map((r) => [r.name, r.conclusion])).toEqual([
      ["envbranch: env-alice", "success"],
      ["envbranch: env-alice (duplicate delivery)", "neutral"],
    ]);
    expect(gh.count("actions/create-workflow-dispatch")).toBe(1);
    expect(await archivedBlobs(azurite.serviceClient())).toEqual([STATE]);
    console.log(`Resource Manager ${fault.name} on every delete: ${broken.requests.delete} attempts, reported at stage state-archived, redelivery resumed without a second archive`);
  });
});

