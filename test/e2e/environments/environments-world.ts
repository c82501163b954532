import { vi } from "vitest";
import { TEST_APP_ID, testAppKey } from "../../support/github/test-app-key.js";
import { createTestProbot, startTestServer, type TestServer } from "../../support/github/test-probot.js";
import { appWith } from "../../support/app-under-test.js";
import { startFakeGitHub, type FakeGitHub } from "../fake-github/fake-github.js";
import { seedEnvironment, SEEDED_CONFIG } from "./seed-environments.js";

/** The user who signs in: a reader of octo-org/shop and a writer of acme/site, with no role on octo-org/secret. */
export const ALICE = "alice";
/** A repository of the same installation as octo-org/shop that alice must never see. */
export const HIDDEN_REPO = "octo-org/secret";

/** The app served over HTTP against the fake GitHub, with its environments page enabled. */
export interface EnvironmentsWorld {
  fake: FakeGitHub;
  server: TestServer;
  /** Moves the app's clock on (the fake's stays real): its caches and sessions expire by it. */
  advance: (ms: number) => void;
  close: () => Promise<void>;
}

/**
 * The fake GitHub holding three environments alice can see in two repositories of two
 * installations (octo-org/shop: env-staging applied, env-alice's plan waiting for approval;
 * acme/site: env-preview destroyed), and one she cannot (octo-org/secret's env-hidden, in octo-org's
 * installation), each written through the app's installation token as envbranch writes them.
 */
export async function startSeededFake(): Promise<FakeGitHub> {
  const fake = await startFakeGitHub({ appId: TEST_APP_ID, publicKey: testAppKey().publicKey, permissions: { metadata: "read", checks: "write", deployments: "write", contents: "read", pull_requests: "read" } });
  const files = { ".github/envbranch.yml": SEEDED_CONFIG };
  fake.addRepo({ owner: "octo-org", name: "shop", files });
  fake.addRepo({ owner: "octo-org", name: "secret", files });
  fake.addRepo({ owner: "acme", name: "site", files });
  fake.setRole("octo-org/shop", ALICE, "read");
  fake.setRole("acme/site", ALICE, "write");
  fake.setRole(HIDDEN_REPO, "bob", "admin");
  const { probot: seeder } = await createTestProbot(() => undefined, { baseUrl: fake.url });
  await seedEnvironment(fake, seeder, "octo-org/shop", "env-staging", "applied", "carol");
  await seedEnvironment(fake, seeder, "octo-org/shop", "env-alice", "plan-waiting", ALICE);
  await seedEnvironment(fake, seeder, "acme/site", "env-preview", "destroyed", "dave");
  await seedEnvironment(fake, seeder, HIDDEN_REPO, "env-hidden", "applied", "bob");
  return fake;
}

/**
 * The seeded fake (startSeededFake) and the app served in-process against it, with the fake's
 * OAuth client, the fake's web root as GitHub's, and its callback URL registered.
 */
export async function startEnvironmentsWorld(options: { oauth?: boolean } = {}): Promise<EnvironmentsWorld> {
  const fake = await startSeededFake();
  let clock = Date.parse("2026-11-22T10:00:00Z");
  const { appFn } = appWith({ now: () => new Date(clock) });
  vi.stubEnv("GITHUB_CLIENT_ID", options.oauth === false ? "" : fake.oauthClient.clientId);
  vi.stubEnv("GITHUB_CLIENT_SECRET", options.oauth === false ? "" : fake.oauthClient.clientSecret);
  vi.stubEnv("GITHUB_WEB_URL", fake.webUrl);
  const server = await startTestServer(appFn, { baseUrl: fake.url });
  vi.unstubAllEnvs();
  fake.setCallbackUrl(`${server.url}/environments/callback`);
  return {
    fake,
    server,
    advance: (ms) => {
      clock += ms;
    },
    close: async () => {
      await server.close();
      await fake.close();
    },
  };
}
