import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateKeyPairSync } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { checkStartupSettings } from "../../app/startup/check-startup-settings.js";
import { readStartupFacts } from "../../app/startup/read-startup-facts.js";
import { STARTUP_SETTINGS } from "../../app/startup/startup-settings.js";
import type { StartupEnv, StartupFacts } from "../../app/startup/startup-facts.js";
import { testAppKey } from "../support/github/test-app-key.js";

const SECRET = "3f9c2a7d1e8b4c6a0f5d9e2b7a1c4d8e";
const KEY = testAppKey().privateKey;
/** A complete set-up with credentials: nothing to refuse. */
const GOOD: StartupEnv = { APP_ID: "12345", PRIVATE_KEY: KEY, WEBHOOK_SECRET: SECRET };

const check = (env: StartupEnv, keyFile?: StartupFacts["keyFile"]) => checkStartupSettings({ env, ...(keyFile ? { keyFile } : {}) });
const variables = (env: StartupEnv) => check(env).problems.map((p) => p.variable);

/** One bad value per row of the settings table, on top of GOOD; every row must have one. */
const BAD_VALUE: Record<string, StartupEnv> = {
  APP_ID: { APP_ID: "my-app" },
  PRIVATE_KEY: { PRIVATE_KEY: "-----BEGIN RSA PRIVATE KEY-----\nnot a key\n-----END RSA PRIVATE KEY-----" },
  PRIVATE_KEY_PATH: { PRIVATE_KEY: undefined, PRIVATE_KEY_PATH: "/nonexistent/key.pem" },
  WEBHOOK_SECRET: { WEBHOOK_SECRET: "development" },
  ENVBRANCH_INSECURE_WEBHOOK_SECRET: { ENVBRANCH_INSECURE_WEBHOOK_SECRET: "yes" },
  PORT: { PORT: "80a" },
  LOG_LEVEL: { LOG_LEVEL: "verbose" },
  LOG_FORMAT: { LOG_FORMAT: "xml" },
  GHE_HOST: { GHE_HOST: "https://github.example.com/" },
  GHE_PROTOCOL: { GHE_PROTOCOL: "ftp" },
  WEBHOOK_PROXY_URL: { WEBHOOK_PROXY_URL: "smee.io/abc" },
  ENVBRANCH_AZURE: { ENVBRANCH_AZURE: "true" },
  AZURE_TOKEN_CREDENTIALS: { AZURE_TOKEN_CREDENTIALS: "CliCredential" },
  ENVBRANCH_AZURE_CLOUD: { ENVBRANCH_AZURE_CLOUD: "azurecloud" },
  ENVBRANCH_ARM_ENDPOINT: { ENVBRANCH_ARM_ENDPOINT: "management.azure.com" },
  ENVBRANCH_BLOB_ENDPOINT: { ENVBRANCH_BLOB_ENDPOINT: "ftp://127.0.0.1/x" },
  ENVBRANCH_BLOB_ACCOUNT_KEY: { ENVBRANCH_BLOB_ACCOUNT_KEY: "not base64!" },
  ENVBRANCH_BOT_LOGIN: { ENVBRANCH_BOT_LOGIN: "envbranch bot" },
};

/** Values each row must accept, on top of GOOD; every row must have some. */
const GOOD_VALUES: Record<string, StartupEnv[]> = {
  APP_ID: [{ APP_ID: "1" }, { APP_ID: "9007199254740991" }],
  PRIVATE_KEY: [{ PRIVATE_KEY: KEY }],
  PRIVATE_KEY_PATH: [],
  WEBHOOK_SECRET: [{ WEBHOOK_SECRET: "x".repeat(20) }],
  ENVBRANCH_INSECURE_WEBHOOK_SECRET: [{ ENVBRANCH_INSECURE_WEBHOOK_SECRET: "allow" }],
  PORT: [{ PORT: "1" }, { PORT: "65535" }],
  LOG_LEVEL: [{ LOG_LEVEL: "trace" }, { LOG_LEVEL: "silent" }],
  LOG_FORMAT: [{ LOG_FORMAT: "json" }, { LOG_FORMAT: "pretty" }],
  GHE_HOST: [{ GHE_HOST: "github.example.com" }, { GHE_HOST: "github.example.com:443" }, { GHE_HOST: "127.0.0.1:8080" }, { GHE_HOST: "[::1]:8080" }],
  GHE_PROTOCOL: [{ GHE_PROTOCOL: "http" }],
  WEBHOOK_PROXY_URL: [{ WEBHOOK_PROXY_URL: "https://smee.io/abc123" }],
  ENVBRANCH_AZURE: [{ ENVBRANCH_AZURE: "off" }],
  AZURE_TOKEN_CREDENTIALS: [{ AZURE_TOKEN_CREDENTIALS: "prod" }, { AZURE_TOKEN_CREDENTIALS: " managedidentitycredential " }],
  ENVBRANCH_AZURE_CLOUD: [{ ENVBRANCH_AZURE_CLOUD: "china" }, { ENVBRANCH_AZURE_CLOUD: "usgovernment" }],
  ENVBRANCH_ARM_ENDPOINT: [{ ENVBRANCH_ARM_ENDPOINT: "https://127.0.0.1:9/" }],
  ENVBRANCH_BLOB_ENDPOINT: [{ ENVBRANCH_BLOB_ENDPOINT: "http://127.0.0.1:10000/devstoreaccount1" }],
  ENVBRANCH_BLOB_ACCOUNT_KEY: [{ ENVBRANCH_BLOB_ACCOUNT_KEY: Buffer.from("k".repeat(64)).toString("base64") }],
  ENVBRANCH_BOT_LOGIN: [{ ENVBRANCH_BOT_LOGIN: "envbranch[bot]" }, { ENVBRANCH_BOT_LOGIN: "my-app-2[bot]" }, { ENVBRANCH_BOT_LOGIN: "octocat" }],
};

describe("checkStartupSettings", () => {
  it("accepts a complete set-up with credentials, and Probot's setup mode with none", () => {
    expect(check(GOOD)).toEqual({ problems: [], warnings: [] });
    expect(check({ PORT: "3000", LOG_LEVEL: "debug" })).toEqual({ problems: [], warnings: [] });
  });

  it("has a bad-value case for every row of the settings table", () => {
    expect(Object.keys(BAD_VALUE).sort()).toEqual(STARTUP_SETTINGS.map((s) => s.name).sort());
  });

  it.each(Object.entries(GOOD_VALUES).flatMap(([name, values]) => values.map((value) => [name, value] as const)))("accepts a good %s: %j", (_, value) => {
    expect(check({ ...GOOD, ...value }).problems).toEqual([]);
  });

  it("has good values for every row of the settings table", () => {
    expect(Object.keys(GOOD_VALUES).sort()).toEqual(STARTUP_SETTINGS.map((s) => s.name).sort());
  });

  it.each(Object.entries(BAD_VALUE))("refuses a bad %s, naming it with a fix", (name, bad) => {
    const { problems } = check({ ...GOOD, ...bad });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ variable: name, message: expect.stringContaining(name), fix: expect.any(String) });
    expect(problems[0]!.fix.length).toBeGreaterThan(10);
  });

  it("lists every problem at once", () => {
    const all = Object.assign({}, GOOD, ...Object.values(BAD_VALUE)) as StartupEnv;
    // PRIVATE_KEY_PATH's case removes PRIVATE_KEY; put a bad one back beside it.
    const { problems } = check({ ...all, PRIVATE_KEY: "garbage", ENVBRANCH_AZUR: "on" }, { error: "ENOENT" });
    expect(new Set(problems.map((p) => p.variable))).toEqual(new Set([...Object.keys(BAD_VALUE), "ENVBRANCH_AZUR"]));
  });

  describe("the webhook secret", () => {
    it.each([
      ["unset", { WEBHOOK_SECRET: undefined }, "is not set"],
      ["empty", { WEBHOOK_SECRET: "" }, "is not set"],
      ["Probot's default", { WEBHOOK_SECRET: "development" }, `Probot's built-in default "development"`],
      ["19 characters", { WEBHOOK_SECRET: "a".repeat(19) }, "shorter than 20 characters"],
    ])("is refused when %s, whichever credential is set", (_, secret, says) => {
      for (const credential of [{ APP_ID: "1" }, { PRIVATE_KEY: KEY }, { PRIVATE_KEY_PATH: "key.pem" }]) {
        const { problems } = check({ ...credential, ...secret }, { text: KEY });
        const refusal = problems.find((p) => p.variable === "WEBHOOK_SECRET");
        expect(refusal?.message).toContain(says);
        expect(refusal?.fix).toContain("openssl rand -hex 32");
        expect(refusal?.fix).toContain('"Webhook secret" on the app\'s settings page');
      }
    });

    it("is not required in setup mode, where Probot registers the app and writes the secret", () => {
      expect(variables({ WEBHOOK_SECRET: undefined })).toEqual([]);
    });

    it("accepts 20 characters", () => {
      expect(variables({ ...GOOD, WEBHOOK_SECRET: "b".repeat(20) })).toEqual([]);
    });

    it("can be opted out of for local development, with a warning at every start", () => {
      const result = check({ ...GOOD, WEBHOOK_SECRET: undefined, ENVBRANCH_INSECURE_WEBHOOK_SECRET: "allow" });
      expect(result.problems).toEqual([]);
      expect(result.warnings).toEqual([expect.stringContaining("ENVBRANCH_INSECURE_WEBHOOK_SECRET=allow: the webhook secret is not checked")]);
    });

    it("cannot be opted out of in production", () => {
      const { problems } = check({ ...GOOD, WEBHOOK_SECRET: "development", NODE_ENV: "production", ENVBRANCH_INSECURE_WEBHOOK_SECRET: "allow" });
      expect(problems).toEqual([expect.objectContaining({ variable: "ENVBRANCH_INSECURE_WEBHOOK_SECRET", message: expect.stringContaining("NODE_ENV is production") })]);
    });
  });

  describe("the private key", () => {
    it.each([
      ["PEM", KEY],
      ["base64 of the PEM", Buffer.from(KEY).toString("base64")],
      ["PEM with escaped line breaks", KEY.replace(/\n/g, "\\n")],
      ["PEM pasted onto one line", KEY.replace(/\n/g, " ")],
      ["PKCS#8 PEM", generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString()],
    ])("accepts every form Probot reads: %s", (_, value) => {
      expect(variables({ ...GOOD, PRIVATE_KEY: value })).toEqual([]);
    });

    it("refuses a key GitHub cannot use (not RSA)", () => {
      const ec = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
      expect(check({ ...GOOD, PRIVATE_KEY: ec }).problems).toEqual([expect.objectContaining({ variable: "PRIVATE_KEY", message: "PRIVATE_KEY is a ec key; GitHub App keys are RSA" })]);
    });

    it("requires a key beside APP_ID", () => {
      expect(variables({ APP_ID: "1", WEBHOOK_SECRET: SECRET })).toEqual(["PRIVATE_KEY"]);
    });

    it("requires APP_ID beside a key", () => {
      expect(variables({ PRIVATE_KEY: KEY, WEBHOOK_SECRET: SECRET })).toEqual(["APP_ID"]);
    });

    it("checks the file PRIVATE_KEY_PATH names, and refuses it beside PRIVATE_KEY", () => {
      const pathOnly = { APP_ID: "1", WEBHOOK_SECRET: SECRET, PRIVATE_KEY_PATH: "key.pem" };
      expect(check(pathOnly, { text: KEY }).problems).toEqual([]);
      expect(check(pathOnly, { text: "hello" }).problems[0]?.message).toBe("PRIVATE_KEY_PATH=\"key.pem\" names a file that does not parse as a private key (ERR_OSSL_UNSUPPORTED)");
      expect(check({ ...pathOnly, PRIVATE_KEY: KEY }, { text: KEY }).problems.map((p) => p.fix)).toEqual(["keep one of PRIVATE_KEY and PRIVATE_KEY_PATH"]);
    });
  });

  it("never quotes a secret, a key or a URL", () => {
    const secrets = { WEBHOOK_SECRET: "short-secret", PRIVATE_KEY: "-----BEGIN PRIVATE KEY-----\nsecretkeytext\n-----END PRIVATE KEY-----", ENVBRANCH_BLOB_ACCOUNT_KEY: "secret!key", ENVBRANCH_ARM_ENDPOINT: "token@host" };
    const { problems } = check({ APP_ID: "1", ...secrets });
    expect(problems).toHaveLength(4);
    const text = JSON.stringify(problems);
    for (const value of ["short-secret", "secretkeytext", "secret!key", "token@host"]) expect(text).not.toContain(value);
  });

  describe("ENVBRANCH_AZURE=on needs a credential source", () => {
    it.each([
      ["a service principal", { AZURE_TENANT_ID: "t", AZURE_CLIENT_ID: "c", AZURE_CLIENT_SECRET: "s" }],
      ["a service principal with a certificate", { AZURE_TENANT_ID: "t", AZURE_CLIENT_ID: "c", AZURE_CLIENT_CERTIFICATE_PATH: "/c.pem" }],
      ["workload identity", { AZURE_FEDERATED_TOKEN_FILE: "/var/run/token", AZURE_CLIENT_ID: "c", AZURE_TENANT_ID: "t" }],
      ["App Service's managed identity", { IDENTITY_ENDPOINT: "http://127.0.0.1:41741/msi/token" }],
      ["Cloud Shell's managed identity", { MSI_ENDPOINT: "http://localhost:50342/oauth2/token" }],
      ["Service Fabric's managed identity", { IDENTITY_SERVER_THUMBPRINT: "abc" }],
      ["a VM's managed identity, declared", { AZURE_TOKEN_CREDENTIALS: "ManagedIdentityCredential" }],
    ])("accepts %s", (_, source) => {
      expect(variables({ ...GOOD, ENVBRANCH_AZURE: "on", ...source })).toEqual([]);
    });

    it.each([
      ["nothing", {}],
      ["a client id alone", { AZURE_CLIENT_ID: "c" }],
      ["a service principal without its secret", { AZURE_TENANT_ID: "t", AZURE_CLIENT_ID: "c" }],
    ])("refuses %s, saying what would do", (_, source) => {
      const { problems } = check({ ...GOOD, ENVBRANCH_AZURE: "on", ...source });
      expect(problems).toEqual([{ variable: "ENVBRANCH_AZURE", message: 'ENVBRANCH_AZURE="on" finds no Azure credential source to sign in with', fix: expect.stringContaining("AZURE_CLIENT_SECRET") }]);
    });
  });

  describe("unknown ENVBRANCH_ variables", () => {
    it("suggests the setting a typo was meant for", () => {
      expect(check({ ...GOOD, ENVBRANCH_AZURE_CLOUDS: "china" }).problems).toEqual([
        { variable: "ENVBRANCH_AZURE_CLOUDS", message: "ENVBRANCH_AZURE_CLOUDS is not a setting of the envbranch app; did you mean ENVBRANCH_AZURE_CLOUD?", fix: "rename it to ENVBRANCH_AZURE_CLOUD" },
      ]);
    });

    it("lists the app's settings when nothing is close", () => {
      const [problem] = check({ ...GOOD, ENVBRANCH_SPEC: "{}" }).problems;
      expect(problem).toMatchObject({ variable: "ENVBRANCH_SPEC", message: "ENVBRANCH_SPEC is not a setting of the envbranch app" });
      expect(problem?.fix).toContain("ENVBRANCH_BOT_LOGIN");
    });
  });
});

describe("readStartupFacts", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it("applies .env over the process environment, as Probot does, and reads PRIVATE_KEY_PATH relative to the working directory", () => {
    dir = mkdtempSync(join(tmpdir(), "envbranch-startup-"));
    writeFileSync(join(dir, ".env"), `WEBHOOK_SECRET=${SECRET}\nPRIVATE_KEY_PATH=app.pem\n`);
    writeFileSync(join(dir, "app.pem"), KEY);
    const facts = readStartupFacts({ APP_ID: "7", WEBHOOK_SECRET: "development" }, dir);
    expect(facts).toEqual({ env: { APP_ID: "7", WEBHOOK_SECRET: SECRET, PRIVATE_KEY_PATH: "app.pem" }, keyFile: { text: KEY } });
    expect(checkStartupSettings(facts).problems).toEqual([]);
  });

  it("says why a key file cannot be read", () => {
    dir = mkdtempSync(join(tmpdir(), "envbranch-startup-"));
    expect(readStartupFacts({ PRIVATE_KEY_PATH: "missing.pem" }, dir).keyFile).toEqual({ error: "ENOENT" });
  });
});
