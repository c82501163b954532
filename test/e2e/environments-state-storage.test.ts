import { ClientSecretCredential } from "@azure/identity";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { archiveKeyFor } from "../../app/adapters/azure/archive-state.js";
import { acquireStateLease } from "../../app/adapters/azure/state-lease.js";
import { appWith } from "../support/app-under-test.js";
import { startAzurite, type Azurite } from "../support/azurite.js";
import { startTestServer, type TestServer } from "../support/github/test-probot.js";
import { ALICE, startSeededFake } from "./environments/environments-world.js";
import { get, signIn } from "./environments/sign-in.js";
import type { FakeGitHub } from "./fake-github/fake-github.js";

// The environments page served with the app's own Azure access against Azurite and the fake GitHub:
// the JSON and the HTML show the lock a run holds on env-staging's state and where the destroyed
// env-preview's state went.

const STAGING_KEY = "envbranch/octo-org/shop/staging.tfstate";
const PREVIEW_ARCHIVE = archiveKeyFor("envbranch/acme/site/preview.tfstate", new Date("2026-11-21T09:00:00.000Z"));

let azurite: Azurite;
let fake: FakeGitHub | undefined;
let server: TestServer | undefined;

beforeAll(async () => {
  azurite = await startAzurite({ account: "sttfstate" });
  const container = azurite.serviceClient().getContainerClient("tfstate");
  await container.create();
  await container.getBlockBlobClient(STAGING_KEY).upload("{}", 2);
  await container.getBlockBlobClient(PREVIEW_ARCHIVE).upload("{}", 2);
});
afterAll(async () => azurite?.stop());
afterEach(async () => {
  expect(fake?.violations).toEqual([]);
  await server?.close();
  await fake?.close();
});

describe("the environments page with the app's Azure access", () => {
  it("shows the lock on an environment's state and a destroyed environment's archive", async () => {
    const container = azurite.serviceClient().getContainerClient("tfstate");
    const held = await acquireStateLease(container.getBlockBlobClient(STAGING_KEY), STAGING_KEY, { who: "runner@fv-az1", operation: "OperationTypeApply", version: "1.9.8", created: "2026-11-22T09:30:00Z" });
    fake = await startSeededFake();
    const credential = new ClientSecretCredential("11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222", "test-secret", { disableInstanceDiscovery: true });
    const { appFn } = appWith({ azure: { credential, state: { blobEndpoint: azurite.endpoint, accountKey: azurite.key } }, now: () => new Date("2026-11-22T10:00:00Z") });
    vi.stubEnv("GITHUB_CLIENT_ID", fake.oauthClient.clientId);
    vi.stubEnv("GITHUB_CLIENT_SECRET", fake.oauthClient.clientSecret);
    vi.stubEnv("GITHUB_WEB_URL", fake.webUrl);
    server = await startTestServer(appFn, { baseUrl: fake.url });
    vi.unstubAllEnvs();
    fake.setCallbackUrl(`${server.url}/environments/callback`);
    try {
      const { jar } = await signIn(server.url, ALICE);
      const body = (await (await get(jar, `${server.url}/api/environments`)).json()) as { environments: Array<{ branch: string; lock?: unknown; archive?: unknown }> };
      const byBranch = Object.fromEntries(body.environments.map((e) => [e.branch, e]));
      expect(byBranch["env-staging"]?.lock).toEqual({ holder: "runner@fv-az1", operation: "OperationTypeApply", since: "2026-11-22T09:30:00Z", id: held!.leaseId });
      expect(byBranch["env-alice"]?.lock).toBeNull();
      expect(byBranch["env-preview"]).toMatchObject({ lock: null, archive: PREVIEW_ARCHIVE, stateKept: false });

      const html = await (await get(jar, `${server.url}/environments`)).text();
      expect(html).toContain(`locked by <code>runner@fv-az1</code> for apply since 2026-11-22 09:30 UTC, <code>/envbranch unlock ${held!.leaseId}</code>`);
      expect(html).toContain(`state archived to <code>${PREVIEW_ARCHIVE}</code>`);
    } finally {
      await held?.release();
    }
  });
});
