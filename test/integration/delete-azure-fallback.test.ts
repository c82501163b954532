import { ClientSecretCredential } from "@azure/identity";
import nock from "nock";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AzureAccess } from "../../app/adapters/azure/azure-access.js";
import { readProgress } from "../../app/decisions/run-progress.js";
import { startAzurite, type Azurite } from "../support/azurite.js";
import { cleanupGitHubMocks, mockGitHub, type MockGitHub } from "../support/github/mock-github.js";
import { createTestProbot, type TestProbot } from "../support/github/test-probot.js";
import { webhookEvent } from "../support/github/webhooks.js";
import { appWith, deletePayload } from "../support/app-under-test.js";
import { RepoFake } from "../support/repo-fake.js";
import { rawTestConfig } from "../support/test-config.js";

const TENANT = "11111111-1111-1111-1111-111111111111";
const SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
const STATE_KEY = "envbranch/codertocat/hello-world/alice.tfstate";
const DEPLOYED = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
const ARM = "https://management.azure.com";
const STATE = JSON.stringify({ version: 4, serial: 7, resources: [{ type: "terraform_data", name: "app" }] });

let azurite: Azurite;
let gh: MockGitHub;
let fake: RepoFake;

beforeAll(async () => {
  azurite = await startAzurite({ account: "sttfstate" });
});
afterAll(async () => azurite.stop());
afterEach((context) => cleanupGitHubMocks(context));

beforeEach(async () => {
  gh = mockGitHub();
  fake = new RepoFake(gh);
  const container = azurite.serviceClient().getContainerClient("tfstate");
  await container.createIfNotExists();
  await container.getBlockBlobClient(STATE_KEY).upload(STATE, STATE.length);
});

function azureAccess(): AzureAccess {
  const credential = new ClientSecretCredential(TENANT, "22222222-2222-2222-2222-222222222222", "test-secret", { disableInstanceDiscovery: true });
  return { credential, state: { blobEndpoint: azurite.endpoint, accountKey: azurite.key } };
}

/** Resource Manager and Entra ID at the HTTP edge, shaped like their real answers. */
function mockAzure(groups: Array<{ name: string; tags: Record<string, string> }>, deleted: string[]) {
  const login = nock("https://login.microsoftonline.com")
    .post(`/${TENANT}/oauth2/v2.0/token`)
    .query(true)
    .reply(200, { token_type: "Bearer", expires_in: 3600, ext_expires_in: 3600, access_token: "arm-token" });
  const arm = nock(ARM)
    .get(`/subscriptions/${SUBSCRIPTION}/resourcegroups`)
    .query((q) => q.$filter === "tagName eq 'environment' and tagValue eq 'alice'")
    .reply(200, { value: groups.map((g) => ({ id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/${g.name}`, name: g.name, type: "Microsoft.Resources/resourceGroups", location: "westeurope", tags: g.tags, properties: { provisioningState: "Succeeded" } })) });
  for (const name of deleted) {
    arm
      .delete(`/subscriptions/${SUBSCRIPTION}/resourcegroups/${name}`)
      .query(true)
      .reply(202, "", { location: `${ARM}/subscriptions/${SUBSCRIPTION}/operationresults/op-${name}?api-version=2022-09-01`, "retry-after": "0" })
      .get(`/subscriptions/${SUBSCRIPTION}/operationresults/op-${name}`)
      .query(true)
      .reply(200);
  }
  return { login, arm };
}

async function deleteWithFailingDispatch(app: TestProbot, jobs: { idle: () => Promise<void> }, updates: number) {
  fake.deployments.push({ id: 1, sha: DEPLOYED, ref: DEPLOYED, environment: "env-alice", payload: { branch: "env-alice", correlationId: "c", action: "apply" } });
  gh.installationToken();
  fake.expectConfig(rawTestConfig());
  fake.expectDeploymentList();
  fake.expectStartRun();
  fake.expectDispatch(() => ({ status: 404, body: { message: "Not Found" } }));
  fake.expectCheckRunUpdate(updates);
  await app.probot.receive(webhookEvent("delete", deletePayload("env-alice")));
  await jobs.idle();
}

describe("destroy through Azure when the workflow cannot be dispatched", () => {
  it("archives the state (copied, read back, compared), then deletes the tagged resource groups", async () => {
    const { appFn, jobs } = appWith({ azure: azureAccess() });
    const app = await createTestProbot(appFn);
    const tags = { environment: "alice", repository: "Codertocat/Hello-World", "managed-by": "envbranch" };
    const azure = mockAzure(
      [
        { name: "rg-helloworld-alice", tags },
        { name: "rg-other-repo-alice", tags: { ...tags, repository: "someone/else" } },
      ],
      ["rg-helloworld-alice"],
    );
    await deleteWithFailingDispatch(app, jobs, 5);
    gh.assertDone();
    expect(azure.login.isDone() && azure.arm.isDone()).toBe(true);

    const container = azurite.serviceClient().getContainerClient("tfstate");
    expect(await container.getBlockBlobClient(STATE_KEY).exists()).toBe(false);
    const archived = [];
    for await (const blob of container.listBlobsFlat({ prefix: "archive/envbranch/codertocat/hello-world/alice/" })) archived.push(blob.name);
    expect(archived).toEqual(["archive/envbranch/codertocat/hello-world/alice/2026-11-22T10-00-00-000Z.tfstate"]);
    expect((await container.getBlockBlobClient(archived[0] ?? "").downloadToBuffer()).toString()).toBe(STATE);

    const last = fake.checkRuns[0];
    expect(last).toMatchObject({ conclusion: "success", output: { title: "env-alice torn down through Azure" } });
    expect(last?.output.summary).toContain("Deleted resource group `rg-helloworld-alice`.");
    expect(last?.output.summary).not.toContain("rg-other-repo-alice");
  });

  it("keeps the original state when the archive cannot be written, and resumes on the next delivery", async () => {
    const { appFn, jobs } = appWith({ azure: azureAccess() });
    const app = await createTestProbot(appFn);
    // The account key is wrong for the first delivery: every storage call is refused.
    const broken = { ...azureAccess(), state: { blobEndpoint: azurite.endpoint, accountKey: Buffer.from("wrong key").toString("base64") } };
    const { appFn: brokenFn, jobs: brokenJobs } = appWith({ azure: broken });
    const brokenApp = await createTestProbot(brokenFn);
    await deleteWithFailingDispatch(brokenApp, brokenJobs, 3);
    gh.assertDone();
    const container = azurite.serviceClient().getContainerClient("tfstate");
    expect((await container.getBlockBlobClient(STATE_KEY).downloadToBuffer()).toString()).toBe(STATE);
    expect(fake.checkRuns[0]).toMatchObject({ conclusion: "failure", output: { title: "Could not tear down env-alice" } });
    expect(readProgress(fake.checkRuns[0]?.output.summary ?? "")).toMatchObject({ stage: "fallback" });

    // The next delivery, by a replica with working access, resumes the teardown without dispatching again.
    gh.installationToken();
    fake.expectConfig(rawTestConfig());
    fake.expectDeploymentList();
    fake.expectStartRun();
    // Three of the resumed teardown's check run, then the delivery's own standing down.
    fake.expectCheckRunUpdate(4);
    const azure = mockAzure([], []);
    await app.probot.receive(webhookEvent("delete", deletePayload("env-alice")));
    await jobs.idle();
    gh.assertDone();
    expect(azure.arm.isDone()).toBe(true);
    expect(await container.getBlockBlobClient(STATE_KEY).exists()).toBe(false);
    expect(fake.checkRuns[0]).toMatchObject({ conclusion: "success" });
    expect(gh.count("actions/create-workflow-dispatch")).toBe(1);
  });
});
