import { existsSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_APP_ID, testAppKey } from "../support/github/test-app-key.js";
import { ALICE, HIDDEN_REPO, startSeededFake } from "./environments/environments-world.js";
import { get, signIn } from "./environments/sign-in.js";
import type { FakeGitHub } from "./fake-github/fake-github.js";
import { APP_ENTRY, startAppProcess, type AppProcess } from "./lifecycle/app-process.js";

const BUILT = existsSync(fileURLToPath(new URL(`../../${APP_ENTRY}`, import.meta.url)));
if (!BUILT) console.warn(`environments page process test skipped: ${APP_ENTRY} is not built (npm run build; npm test builds first)`);

/**
 * The environments page in the built app, started as `npm start` starts it, configured like a GitHub
 * Enterprise Server install (GHE_HOST) with only the two OAuth variables added: the sign-in goes to
 * the GHE host's web root without GITHUB_WEB_URL, and the user's token reaches the API base Probot uses.
 */
describe.skipIf(!BUILT)("the environments page in the built app", () => {
  let fake: FakeGitHub;
  let app: AppProcess;

  beforeAll(async () => {
    fake = await startSeededFake();
    app = await startAppProcess({
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/tmp",
      NODE_ENV: "production",
      LOG_LEVEL: "debug",
      LOG_FORMAT: "json",
      APP_ID: String(TEST_APP_ID),
      PRIVATE_KEY: testAppKey().privateKey,
      WEBHOOK_SECRET: randomBytes(20).toString("hex"),
      GITHUB_CLIENT_ID: fake.oauthClient.clientId,
      GITHUB_CLIENT_SECRET: fake.oauthClient.clientSecret,
      ...fake.env,
    });
    fake.setCallbackUrl(`${app.url}/environments/callback`);
  });

  afterAll(async () => {
    await app?.stop();
    expect(fake?.violations).toEqual([]);
    await fake?.close();
  });

  it("signs alice in at the GHE host and lists her three environments, not the hidden one, logging neither token nor secret", async () => {
    const { jar, authorize } = await signIn(app.url, ALICE);
    expect(authorize.origin).toBe(fake.webUrl);
    const response = await get(jar, `${app.url}/api/environments`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { environments: Array<{ repository: string; branch: string; state: string }> };
    expect(body.environments.map((e) => `${e.repository} ${e.branch} ${e.state}`).sort()).toEqual(["acme/site env-preview destroyed", "octo-org/shop env-alice plan-waiting", "octo-org/shop env-staging applied"]);
    expect(JSON.stringify(body)).not.toContain(HIDDEN_REPO);
    // Even at debug level, where every request is logged.
    const logs = JSON.stringify(app.logsAtLeast(0));
    expect(logs).toContain("environments page: signed in");
    expect(logs).toMatch(/GitHub request: GET \S+\/user\/installations/);
    expect(logs).not.toMatch(/ghu_|fake-client-secret/);
  });
});
