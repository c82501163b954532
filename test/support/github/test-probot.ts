import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { pino, type Level } from "pino";
import { createNodeMiddleware, Probot, ProbotOctokit, type ApplicationFunction } from "probot";
import { logSerializers } from "../../../app/logging/log-serializers.js";
import { TEST_APP_ID, testAppKey } from "./test-app-key.js";

/** The webhook secret every test Probot verifies signatures with. */
export const TEST_WEBHOOK_SECRET = "test-secret";

/** One parsed log line (pino JSON): `msg`, `level`, `name`, plus whatever bindings the app added. */
export type LogLine = Record<string, unknown> & { level: number; msg?: string };

export interface TestProbotOptions {
  /** GitHub API base URL, for GHES-like tests (match it in mockGitHub). */
  baseUrl?: string;
  /** Lowest level captured (default "info"). */
  logLevel?: Level;
  /** The Octokit the app gets; by default one without retries or throttling, so tests fail fast. */
  Octokit?: typeof ProbotOctokit;
}

/** A loaded test Probot and the log lines it wrote. */
export interface TestProbot {
  probot: Probot;
  logs: LogLine[];
}

/**
 * Octokit that fails fast: no retries and no throttling (whose write queue would space requests a
 * second apart). A function default, because Probot merges its own throttle options over a plain
 * object default.
 */
const FailFastOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: false },
  throttle: { ...(options.throttle as object | undefined), enabled: false },
})) as typeof ProbotOctokit;

/**
 * A Probot 14 instance as the app runs in production (app id 1, a generated private key, so
 * installation calls go through the real token exchange; webhook secret TEST_WEBHOOK_SECRET), with
 * retries and throttling off and every log line captured as JSON in `logs`. Set
 * TEST_LOG_STDERR=1 to also see the lines.
 */
export async function createTestProbot(appFn: ApplicationFunction, options: TestProbotOptions = {}): Promise<TestProbot> {
  const logs: LogLine[] = [];
  const echo = process.env.TEST_LOG_STDERR === "1";
  const log = pino(
    { level: options.logLevel ?? "info", serializers: logSerializers },
    {
      write: (line: string) => {
        logs.push(JSON.parse(line) as LogLine);
        if (echo) process.stderr.write(line);
      },
    },
  );
  const probot = new Probot({
    appId: TEST_APP_ID,
    privateKey: testAppKey().privateKey,
    secret: TEST_WEBHOOK_SECRET,
    baseUrl: options.baseUrl,
    log,
    Octokit: options.Octokit ?? FailFastOctokit,
  });
  await probot.load(appFn, { cwd: process.cwd(), addHandler: () => undefined });
  return { probot, logs };
}

/** A test Probot served over HTTP; `webhookUrl` is where GitHub would deliver. */
export interface TestServer extends TestProbot {
  url: string;
  webhookUrl: string;
  close: () => Promise<void>;
}

/**
 * Serves `appFn` through Probot's real Node middleware (signature verification included) on a
 * free loopback port. Routes the app adds with `addHandler` are served too.
 */
export async function startTestServer(appFn: ApplicationFunction, options: TestProbotOptions = {}): Promise<TestServer> {
  const { probot, logs } = await createTestProbot(() => undefined, options);
  const middleware = await createNodeMiddleware(appFn, { probot });
  const server = createServer((request, response) => {
    void Promise.resolve(middleware(request, response, () => response.writeHead(404).end())).catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    probot,
    logs,
    url,
    webhookUrl: `${url}${probot.webhookPath}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
