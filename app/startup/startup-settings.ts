import { AZURE_CLOUDS } from "../config/config-schema.js";
import { AZURE_CREDENTIAL_FIX, AZURE_TOKEN_CREDENTIALS_VALUES, findAzureCredentialSource } from "./azure-credential-source.js";
import { checkPrivateKeyPem, decodePrivateKeyVariable } from "./check-private-key.js";
import { hasCredentials, valueOf, type StartupFacts } from "./startup-facts.js";
import { base64, githubLogin, hostAndPort, httpUrl, oneOf, positiveInteger, tcpPort } from "./value-checks.js";

/** What a check found: the problem, with the row's fix, or the problem with its own fix. */
export type Finding = string | { message: string; fix: string };

/**
 * One variable the app reads at start-up. Later settings (a queue, a reconcile interval, an OAuth
 * client) add their row here, and the start-up check, its tests and the README follow it.
 */
export interface Setting {
  name: string;
  /** When the variable must be set; absent for optional settings. */
  required?: { when: string; applies: (facts: StartupFacts) => boolean };
  /** What is wrong with a set value, or null. */
  check: (value: string, facts: StartupFacts) => Finding | null;
  /** How to put a problem right. */
  fix: string;
  /** Whether messages may quote the value: never for keys, secrets or URLs (they can carry tokens). */
  quote: boolean;
}

/** Probot's built-in webhook secret (`defaultWebhookSecret` in probot/lib/server/server.js, 14.3). */
export const PROBOT_DEFAULT_WEBHOOK_SECRET = "development";
/** The shortest webhook secret accepted; `openssl rand -hex 32` prints 64 characters. */
export const MIN_WEBHOOK_SECRET_LENGTH = 20;
/** The variable that turns the webhook secret check off, and the one value that does it. */
export const INSECURE_SECRET_OPT_OUT = { name: "ENVBRANCH_INSECURE_WEBHOOK_SECRET", value: "allow" } as const;

/** True when the operator turned the webhook secret check off for local development. */
export function webhookSecretCheckOff(facts: StartupFacts): boolean {
  return valueOf(facts.env, INSECURE_SECRET_OPT_OUT.name) === INSECURE_SECRET_OPT_OUT.value;
}

const credentials = { when: "with credentials (APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH set)", applies: (facts: StartupFacts) => hasCredentials(facts.env) };

const GENERATE_SECRET = "generate one with `openssl rand -hex 32`";
const SECRET_FIX =
  `${GENERATE_SECRET}; set it as WEBHOOK_SECRET and as the "Webhook secret" on the app's settings page ` +
  `(https://github.com/settings/apps/<app slug>, or /organizations/<org>/settings/apps/<app slug>; on GitHub Enterprise Server the same path on GHE_HOST). ` +
  `Only for local development against a webhook proxy: ${INSECURE_SECRET_OPT_OUT.name}=${INSECURE_SECRET_OPT_OUT.value} turns this check off`;

const KEY_FIX = "download a private key from the app's settings page (\"Private keys\" → \"Generate a private key\") and give its .pem contents as PRIVATE_KEY, or its path as PRIVATE_KEY_PATH";

/** Every setting the app reads at start-up, checked before Probot starts. */
export const STARTUP_SETTINGS: readonly Setting[] = [
  {
    name: "APP_ID",
    required: { when: "with PRIVATE_KEY or PRIVATE_KEY_PATH", applies: (facts) => hasCredentials(facts.env) },
    check: positiveInteger,
    fix: "set the App ID shown on the app's settings page (\"About\" → \"App ID\")",
    quote: true,
  },
  {
    name: "PRIVATE_KEY",
    required: { when: `${credentials.when}, unless PRIVATE_KEY_PATH is`, applies: (facts) => hasCredentials(facts.env) && valueOf(facts.env, "PRIVATE_KEY_PATH") === undefined },
    check: (value) => {
      const pem = decodePrivateKeyVariable(value);
      return pem === null ? "is not a PEM private key (no BEGIN/END PRIVATE KEY lines, plain or base64)" : checkPrivateKeyPem(pem);
    },
    fix: KEY_FIX,
    quote: false,
  },
  {
    name: "PRIVATE_KEY_PATH",
    check: (_, facts) => {
      if (valueOf(facts.env, "PRIVATE_KEY") !== undefined) return { message: "is set beside PRIVATE_KEY, which Probot uses instead", fix: "keep one of PRIVATE_KEY and PRIVATE_KEY_PATH" };
      if (facts.keyFile === undefined || "error" in facts.keyFile) return `names a file that cannot be read (${facts.keyFile?.error ?? "not read"})`;
      const problem = checkPrivateKeyPem(facts.keyFile.text);
      return problem === null ? null : `names a file that ${problem}`;
    },
    fix: KEY_FIX,
    quote: true,
  },
  {
    name: "WEBHOOK_SECRET",
    required: { when: `${credentials.when}, unless ${INSECURE_SECRET_OPT_OUT.name}=${INSECURE_SECRET_OPT_OUT.value}`, applies: (facts) => credentials.applies(facts) && !webhookSecretCheckOff(facts) },
    check: (value, facts) => {
      if (webhookSecretCheckOff(facts)) return null;
      if (value === PROBOT_DEFAULT_WEBHOOK_SECRET) return `is Probot's built-in default "${PROBOT_DEFAULT_WEBHOOK_SECRET}", which anyone can sign deliveries with`;
      return value.length < MIN_WEBHOOK_SECRET_LENGTH ? `is shorter than ${MIN_WEBHOOK_SECRET_LENGTH} characters` : null;
    },
    fix: SECRET_FIX,
    quote: false,
  },
  {
    name: INSECURE_SECRET_OPT_OUT.name,
    check: (value, facts) => {
      if (value !== INSECURE_SECRET_OPT_OUT.value) return `is not "${INSECURE_SECRET_OPT_OUT.value}", its only value`;
      return valueOf(facts.env, "NODE_ENV") === "production" ? "is for local development, and NODE_ENV is production" : null;
    },
    fix: `remove it and set a real WEBHOOK_SECRET (${GENERATE_SECRET})`,
    quote: true,
  },
  { name: "PORT", check: tcpPort, fix: "set the port to listen on, e.g. PORT=3000 (the default)", quote: true },
  { name: "LOG_LEVEL", check: oneOf(["trace", "debug", "info", "warn", "error", "fatal", "silent"]), fix: "use one of pino's levels, e.g. LOG_LEVEL=info (the default)", quote: true },
  { name: "LOG_FORMAT", check: oneOf(["json", "pretty"]), fix: "use LOG_FORMAT=json or LOG_FORMAT=pretty, or leave it unset", quote: true },
  { name: "GHE_HOST", check: hostAndPort, fix: "give the GitHub Enterprise Server host alone, e.g. GHE_HOST=github.example.com", quote: true },
  { name: "GHE_PROTOCOL", check: oneOf(["https", "http"]), fix: "use GHE_PROTOCOL=https (the default)", quote: true },
  { name: "WEBHOOK_PROXY_URL", check: httpUrl, fix: "give the webhook proxy's channel URL, e.g. https://smee.io/<channel>", quote: false },
  {
    name: "ENVBRANCH_AZURE",
    check: (value, facts) => {
      const problem = oneOf(["on", "off"])(value);
      if (problem !== null) return problem;
      return value === "on" && findAzureCredentialSource(facts.env) === null ? { message: "finds no Azure credential source to sign in with", fix: AZURE_CREDENTIAL_FIX } : null;
    },
    fix: "use ENVBRANCH_AZURE=on or ENVBRANCH_AZURE=off (the default)",
    quote: true,
  },
  {
    name: "AZURE_TOKEN_CREDENTIALS",
    check: oneOf(AZURE_TOKEN_CREDENTIALS_VALUES, { caseless: true }),
    fix: "name the credential DefaultAzureCredential should use, e.g. AZURE_TOKEN_CREDENTIALS=ManagedIdentityCredential, or leave it unset",
    quote: true,
  },
  { name: "ENVBRANCH_AZURE_CLOUD", check: oneOf(AZURE_CLOUDS), fix: `use one of ${AZURE_CLOUDS.join(", ")} (default public)`, quote: true },
  { name: "ENVBRANCH_ARM_ENDPOINT", check: httpUrl, fix: "give the Resource Manager endpoint as a URL, e.g. https://management.azure.com, or leave it unset for the cloud's", quote: false },
  { name: "ENVBRANCH_BLOB_ENDPOINT", check: httpUrl, fix: "give the blob service endpoint as a URL, e.g. http://127.0.0.1:10000/devstoreaccount1, or leave it unset", quote: false },
  { name: "ENVBRANCH_BLOB_ACCOUNT_KEY", check: base64, fix: "give the storage account key as `az storage account keys list` prints it, or leave it unset", quote: false },
  { name: "ENVBRANCH_BOT_LOGIN", check: githubLogin, fix: "give the app's bot account, `<app slug>[bot]`, or leave it unset to ask GitHub", quote: true },
];
