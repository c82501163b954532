import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { readProgress } from "../../app/decisions/run-progress.js";
import { cleanupGitHubMocks, mockGitHub } from "../support/github/mock-github.js";
import { createTestProbot } from "../support/github/test-probot.js";
import { webhookEvent } from "../support/github/webhooks.js";
import { appWith, deletePayload } from "../support/app-under-test.js";
import { RepoFake } from "../support/repo-fake.js";
import { startAzurite, type Azurite } from "../support/azurite.js";
import { deployedAlice, expectDeleteWithMissingWorkflow } from "./support/deleted-environment.js";
import { startOutageProxy, type OutageProxy } from "./support/outage-proxy.js";
import { azureAccess } from "./support/resource-manager-fake.js";
import { ARCHIVE_PREFIX, STATE, archivedBlobs, liveState, seedState } from "./support/state-blobs.js";

/** The state with one byte changed, as the copy reads back. */
const CORRUPT = STATE.replace('"serial":7', '"serial":8');

let azurite: Azurite;
let proxy: OutageProxy;

beforeAll(async () => {
  azurite = await startAzurite({ account: "sttfstate" });
  await seedState(azurite.serviceClient());
  // The archived copy is written whole, then changes before the app reads it back (a second writer,
  // a storage fault): when the app's first read of the copy arrives, one byte of it is flipped behind
  // the app's back, keeping its length.
  proxy = await startOutageProxy(
    azurite.port,
    azurite.account,
    (req) => req.method !== "PUT" && (req.url ?? "").includes("/archive/"),
    async () => {
      const container = azurite.serviceClient().getContainerClient("tfstate");
      for await (const blob of container.listBlobsFlat({ prefix: ARCHIVE_PREFIX })) {
        await container.getBlockBlobClient(blob.name).upload(CORRUPT, CORRUPT.length);
      }
    },
  );
});
afterAll(async () => {
  await proxy.close();
  await azurite.stop();
});
afterEach((context) => cleanupGitHubMocks(context));

describe("an archived state copy that differs from the state", () => {
  it("keeps the original state blob and reports the teardown stopped, naming the difference", async () => {
    const gh = mockGitHub();
    const fake = new RepoFake(gh);
    deployedAlice(fake);
    const under = appWith({ azure: azureAccess({ endpoint: proxy.endpoint, key: azurite.key }) });
    const app = await createTestProbot(under.appFn);
    expectDeleteWithMissingWorkflow(gh, fake, 3);
    await app.probot.receive(webhookEvent("delete", deletePayload("env-alice"), "corrupt-archive"));
    await under.jobs.idle();
    gh.assertDone();

    const run = fake.checkRuns[0];
    expect(run).toMatchObject({ conclusion: "failure", output: { title: "Could not tear down env-alice" } });
    expect(run?.output.summary).toContain("differs from envbranch/codertocat/hello-world/alice.tfstate; the original was kept");
    expect(readProgress(run?.output.summary ?? "")).toMatchObject({ stage: "fallback" });
    expect(await liveState(azurite.serviceClient())).toBe(STATE);
    expect(await archivedBlobs(azurite.serviceClient())).toEqual([CORRUPT]);
  });
});
