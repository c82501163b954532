import type { FakeGitHub } from "../e2e/fake-github/fake-github.js";
import { testAppKey } from "../support/github/test-app-key.js";
import { startTestServer, TEST_WEBHOOK_SECRET, type TestServer } from "../support/github/test-probot.js";
import { deliverWebhook } from "../support/github/webhooks.js";
import { appWith } from "../support/app-under-test.js";
import { startBurstGitHub } from "./burst-repo.js";
import { HoldingProxy } from "./holding-proxy.js";

/** envbranch served over HTTP through Probot's middleware, talking to a fresh burst fake GitHub. */
export interface BurstApp {
  fake: FakeGitHub;
  server: TestServer;
  /** Between the app and the fake, when asked for. */
  proxy: HoldingProxy | undefined;
  /** POSTs a signed push delivery and resolves to the status once the app has answered (after its handler ran). */
  deliverPush(payload: unknown): Promise<number>;
  close(): Promise<void>;
}

/**
 * Starts the fake, optionally a holding proxy in front of it, and the app; `close` stops all three.
 * `githubAheadMs` sets GitHub's clock that far ahead of the app's.
 */
export async function startBurstApp(options: { proxy?: boolean; githubAheadMs?: number } = {}): Promise<BurstApp> {
  const ahead = options.githubAheadMs ?? 0;
  const fake = await startBurstGitHub(testAppKey().publicKey, ahead === 0 ? undefined : () => new Date(Date.now() + ahead));
  const proxy = options.proxy ? await HoldingProxy.start(fake.url) : undefined;
  const server = await startTestServer(appWith().appFn, { baseUrl: proxy?.url ?? fake.url });
  return {
    fake,
    server,
    proxy,
    deliverPush: async (payload) => {
      const response = await deliverWebhook(server.webhookUrl, { name: "push", payload, secret: TEST_WEBHOOK_SECRET });
      await response.text();
      return response.status;
    },
    close: async () => {
      await server.close();
      await Promise.all([proxy?.close(), fake.close()]);
    },
  };
}
