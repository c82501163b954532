import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildRunnerOnce } from "../runner/support/build-runner-once.js";
import { testAppKey, TEST_APP_ID } from "../support/github/test-app-key.js";
import { deliverWebhook } from "../support/github/webhooks.js";
import { FakeGitHub } from "./fake-github/fake-github.js";
import { fakeSha } from "./fake-github/driver/repo-driver.js";
import { runAppToExit, startAppProcess, type AppProcess } from "./lifecycle/app-process.js";

/**
 * The built app (`node dist/app/main.js`, what `npm start` runs) as a new user starts it: every bad
 * start-up setting stops it with a message naming the variable, and a good set-up accepts only
 * deliveries signed with its own secret, never with Probot's default `development`.
 */
const SECRET = "c0ffee5e1f2b3a4d5c6e7f8091a2b3c4d5e6f708";
const REPO = { owner: "octo-org", name: "shop" } as const;
const BASE = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", NODE_ENV: "production", LOG_FORMAT: "json", LOG_LEVEL: "info" };
const CREDENTIALS = { APP_ID: String(TEST_APP_ID), PRIVATE_KEY: testAppKey().privateKey, WEBHOOK_SECRET: SECRET };
/** Where GHE_HOST points when a start is expected to fail: a closed loopback port, so nothing leaves the machine. */
const NOWHERE = { GHE_HOST: "127.0.0.1:9", GHE_PROTOCOL: "http" };

beforeAll(() => buildRunnerOnce(), 120_000);

describe("the built app refuses to start on a bad setting", () => {
  it.each([
    ["no WEBHOOK_SECRET", { WEBHOOK_SECRET: "" }, "WEBHOOK_SECRET is not set"],
    ["Probot's default secret", { WEBHOOK_SECRET: "development" }, `WEBHOOK_SECRET is Probot's built-in default "development"`],
    ["a short secret", { WEBHOOK_SECRET: "s3cr3t" }, "WEBHOOK_SECRET is shorter than 20 characters"],
    ["the opt-out in production", { WEBHOOK_SECRET: "", ENVBRANCH_INSECURE_WEBHOOK_SECRET: "allow" }, "ENVBRANCH_INSECURE_WEBHOOK_SECRET=\"allow\" is for local development, and NODE_ENV is production"],
    ["a key that does not parse", { PRIVATE_KEY: "-----BEGIN RSA PRIVATE KEY-----\\nAAAA\\n-----END RSA PRIVATE KEY-----" }, "PRIVATE_KEY does not parse as a private key"],
    ["a key file that is missing", { PRIVATE_KEY: "", PRIVATE_KEY_PATH: "missing.pem" }, `PRIVATE_KEY_PATH="missing.pem" names a file that cannot be read (ENOENT)`],
    ["an APP_ID that is not a number", { APP_ID: "envbranch" }, `APP_ID="envbranch" is not a positive whole number`],
    ["Azure on without a credential", { ENVBRANCH_AZURE: "on" }, `ENVBRANCH_AZURE="on" finds no Azure credential source`],
    ["a bad ENVBRANCH_AZURE", { ENVBRANCH_AZURE: "yes" }, `ENVBRANCH_AZURE="yes" is not one of on, off`],
    ["a bad cloud", { ENVBRANCH_AZURE_CLOUD: "AzureCloud" }, `ENVBRANCH_AZURE_CLOUD="AzureCloud" is not one of public, china, usgovernment`],
    ["an ARM endpoint that is no URL", { ENVBRANCH_ARM_ENDPOINT: "management.azure.com" }, "ENVBRANCH_ARM_ENDPOINT is not a URL"],
    ["a blob endpoint that is no URL", { ENVBRANCH_BLOB_ENDPOINT: "localhost:10000" }, "ENVBRANCH_BLOB_ENDPOINT is not an http(s) URL"],
    ["a bot login GitHub would not allow", { ENVBRANCH_BOT_LOGIN: "envbranch bot" }, `ENVBRANCH_BOT_LOGIN="envbranch bot" is not a GitHub login`],
    ["a bad PORT", { PORT: "http" }, `PORT="http" is not a port number`],
    ["a bad LOG_LEVEL", { LOG_LEVEL: "verbose" }, `LOG_LEVEL="verbose" is not one of`],
    ["a typo of a setting", { ENVBRANCH_BOT_LOGN: "envbranch[bot]" }, "ENVBRANCH_BOT_LOGN is not a setting of the envbranch app; did you mean ENVBRANCH_BOT_LOGIN?"],
  ])("%s", async (_, bad, says) => {
    const { code, output } = await runAppToExit({ ...BASE, ...CREDENTIALS, ...NOWHERE, ...bad });
    expect(code, output.join("\n")).toBe(78);
    expect(output.join("\n")).toContain(says);
    expect(output.join("\n")).not.toContain(SECRET);
  });

  it("lists every problem in one message", async () => {
    const { code, output } = await runAppToExit({ ...BASE, ...CREDENTIALS, ...NOWHERE, WEBHOOK_SECRET: "development", APP_ID: "0", ENVBRANCH_AZURE: "on", PORT: "70000" });
    expect(code).toBe(78);
    expect(output[0]).toBe("envbranch did not start: 4 settings need fixing.");
    for (const variable of ["WEBHOOK_SECRET", "APP_ID", "ENVBRANCH_AZURE", "PORT"]) expect(output.some((line) => line.startsWith(`  - ${variable}`))).toBe(true);
    expect(output.join("\n")).toContain("openssl rand -hex 32");
  });
});

describe("the built app, correctly set up", () => {
  let fake: FakeGitHub | undefined;
  let app: AppProcess | undefined;

  beforeAll(async () => {
    fake = await FakeGitHub.start({ appId: TEST_APP_ID, publicKey: testAppKey().publicKey });
    fake.addRepo({ ...REPO });
    app = await startAppProcess({ ...BASE, ...CREDENTIALS, ...fake.env });
  }, 60_000);

  afterAll(async () => {
    await Promise.allSettled([app?.stop(), fake?.close()]);
  });

  // First: the forged delivery below is logged as an error.
  it("logs no warning at start-up", () => {
    expect(app!.logsAtLeast(40)).toEqual([]);
  });

  it("refuses a delivery signed with Probot's default secret, before any call to GitHub", async () => {
    const payload = fake!.pushBranch(`${REPO.owner}/${REPO.name}`, "feature-x", fakeSha("forged"));
    const response = await deliverWebhook(app!.webhookUrl, { name: "push", payload, secret: "development" });
    expect(response.status).toBe(400);
    expect(fake!.requests).toEqual([]);
  });

  it("accepts a delivery signed with its own secret and acts on it", async () => {
    const payload = fake!.pushBranch(`${REPO.owner}/${REPO.name}`, "feature-y", fakeSha("genuine"));
    const response = await deliverWebhook(app!.webhookUrl, { name: "push", payload, secret: SECRET });
    expect(response.status).toBe(200);
    // Probot signed an app JWT with the key and got an installation token: the delivery was acted on.
    expect(fake!.requests.map((r) => r.operationId)).toContain("apps/create-installation-access-token");
    expect(fake!.violations).toEqual([]);
  });
});

describe("the built app with the webhook secret check turned off", () => {
  it("starts and says so in a warning", async () => {
    const app = await startAppProcess({ ...BASE, NODE_ENV: "development", ...CREDENTIALS, ...NOWHERE, WEBHOOK_SECRET: "", ENVBRANCH_INSECURE_WEBHOOK_SECRET: "allow" });
    try {
      expect(app.logsAtLeast(40).map((line) => line.msg)).toEqual([expect.stringContaining("ENVBRANCH_INSECURE_WEBHOOK_SECRET=allow: the webhook secret is not checked")]);
    } finally {
      await app.stop();
    }
  });
});

describe("the built app without credentials", () => {
  it("still serves Probot's setup page", async () => {
    // NO_SMEE_SETUP: outside production Probot's setup would otherwise fetch smee-client and open a channel on smee.io.
    const app = await startAppProcess({ ...BASE, NODE_ENV: "development", NO_SMEE_SETUP: "true", ...NOWHERE }, { readyPath: "/probot" });
    try {
      const page = await fetch(`${app.url}/probot`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("Register GitHub App");
    } finally {
      await app.stop();
    }
  });
});
