import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { readProgress } from "../../app/decisions/run-progress.js";
import { cleanupGitHubMocks, mockGitHub } from "../support/github/mock-github.js";
import { webhookEvent } from "../support/github/webhooks.js";
import { appWith, deletePayload } from "../support/app-under-test.js";
import { RepoFake } from "../support/repo-fake.js";
import { deployedAlice, expectDeleteWithMissingWorkflow, expectTeardownRedelivery } from "./support/deleted-environment.js";
import { startOutageProxy, type OutageProxy } from "./support/outage-proxy.js";
import { azureAccess, mockResourceManager } from "./support/resource-manager-fake.js";
import { startAzurite, type Azurite } from "../support/azurite.js";
import { createRetryingProbot } from "./support/retrying-probot.js";
import { STATE, archivedBlobs, liveState, seedState } from "./support/state-blobs.js";

let azurite: Azurite;
let proxy: OutageProxy;

beforeAll(async () => {
  azurite = await startAzurite({ account: "sttfstate" });
  await seedState(azurite.serviceClient());
  // Storage goes away after the state was read and before its archived copy is written.
  proxy = await startOutageProxy(azurite.port, azurite.account, (req) => req.method === "PUT" && (req.url ?? "").includes("/archive/"), () => azurite.halt());
});
afterAll(async () => {
  await proxy.close();
  await azurite.stop();
});
afterEach((context) => cleanupGitHubMocks(context));

describe("Azure Storage stopped in the middle of a state archive", () => {
  it("keeps the original state blob, reports the teardown stopped, and a redelivery after the restart finishes it", async () => {
    const gh = mockGitHub();
    const fake = new RepoFake(gh);
    deployedAlice(fake);
    const access = azureAccess({ endpoint: proxy.endpoint, key: azurite.key });
    const delivery = webhookEvent("delete", deletePayload("env-alice"), "storage-outage");

    const first = appWith({ azure: access });
    const crashed = await createRetryingProbot(first.appFn);
    expectDeleteWithMissingWorkflow(gh, fake, 3);
    const started = performance.now();
    await crashed.probot.receive(delivery);
    await first.jobs.idle();
    const failedAfter = performance.now() - started;
    gh.assertDone();

    const run = fake.checkRuns[0];
    expect(run).toMatchObject({ conclusion: "failure", output: { title: "Could not tear down env-alice" } });
    expect(run?.output.summary).toContain("could not write the archived state");
    expect(readProgress(run?.output.summary ?? "")).toMatchObject({ stage: "fallback" });
    expect(crashed.logs.some((l) => l.level >= 50 && l.delivery === "storage-outage")).toBe(true);
    // The state was downloaded whole before storage went away, and the upload was retried against the outage.
    const uploads = proxy.seen.filter((r) => r.startsWith("PUT ") && r.includes("/archive/"));
    const download = proxy.seen.findIndex((r) => /^GET .*\/alice\.tfstate$/.test(r));
    expect(download).toBeGreaterThanOrEqual(0);
    expect(download).toBeLessThan(proxy.seen.indexOf(uploads[0] ?? ""));
    expect(uploads.length).toBeGreaterThan(1);
    const attempts = uploads.length;

    await azurite.restart();
    expect(await liveState(azurite.serviceClient())).toBe(STATE);
    expect(await archivedBlobs(azurite.serviceClient())).toEqual([]);

    const second = appWith({ azure: azureAccess({ endpoint: proxy.endpoint, key: azurite.key }) });
    const restarted = await createRetryingProbot(second.appFn);
    const arm = mockResourceManager();
    expectTeardownRedelivery(gh, fake, 4);
    await restarted.probot.receive(delivery);
    await second.jobs.idle();
    gh.assertDone();
    expect(arm.arm.isDone()).toBe(true);
    // The environment's one check run; the redelivery's own stood down under another name.
    expect(fake.checkRuns.map((r) => [r.name, r.conclusion])).toEqual([
      ["envbranch: env-alice", "success"],
      ["envbranch: env-alice (duplicate delivery)", "neutral"],
    ]);
    expect(await liveState(azurite.serviceClient())).toBeNull();
    expect(await archivedBlobs(azurite.serviceClient())).toEqual([STATE]);
    console.log(`Azurite stopped between the state download and the archive upload: ${attempts} upload attempts, teardown reported stopped after ${(failedAfter / 1000).toFixed(1)} s, original state intact after restart, redelivery archived it and finished`);
  });
});
