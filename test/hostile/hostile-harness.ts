import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { cleanupGitHubMocks, mockGitHub, type MockGitHub } from "../support/github/mock-github.js";
import { startTestServer, type LogLine, type TestServer } from "../support/github/test-probot.js";
import { appWith } from "../support/app-under-test.js";

/** The operation id of a workflow dispatch: the one call a hostile input must never cause by accident. */
export const DISPATCH = "actions/create-workflow-dispatch";

/** How the app's one error path (app/events/report-errors.ts, around every handler) logs an error a handler threw. */
const ESCAPED = "envbranch failed: ";

/**
 * One envbranch server for the whole file, served through Probot's real middleware, and a fresh
 * contract-checked GitHub mock for every case. Register it at the top level of a test file.
 */
export function useHostileServer(): { server: () => TestServer; gh: () => MockGitHub } {
  let server: TestServer | undefined;
  let gh: MockGitHub | undefined;
  beforeAll(async () => {
    server = await startTestServer(appWith().appFn);
  });
  afterAll(async () => {
    await server?.close();
  });
  afterEach((context) => {
    gh = undefined;
    cleanupGitHubMocks(context);
  });
  return {
    server: () => {
      if (!server) throw new Error("the hostile test server has not started");
      return server;
    },
    gh: () => (gh ??= mockGitHub()),
  };
}

// Probot caches installation tokens by id: a fresh id per case makes every case exchange its own.
let installationId = 10_000;

/** An installation id no earlier case of this process used. */
export function freshInstallationId(): number {
  installationId += 1;
  return installationId;
}

/** Figures of one category, printed as one line when the file ends so the closing note can quote them. */
export class Tally {
  delivered = 0;
  crashes = 0;
  unexpectedDispatches = 0;
  private readonly extra = new Map<string, number>();

  constructor(private readonly label: string) {
    afterAll(() => {
      console.log(this.line());
    });
  }

  /** Adds to a named figure (e.g. "triggered"). */
  count(name: string, by = 1): void {
    this.extra.set(name, (this.extra.get(name) ?? 0) + by);
  }

  line(): string {
    const extra = [...this.extra].map(([name, value]) => `, ${value} ${name}`).join("");
    return `${this.label}: ${this.delivered} delivered, ${this.crashes} crashes, ${this.unexpectedDispatches} unexpected dispatches${extra}`;
  }
}

/**
 * After a delivery: the server must still answer `/healthz`, and no error may have escaped a handler
 * since `logsFrom`. Counts a crash in the tally before asserting, so the summary line is true even
 * when the case fails.
 */
export async function expectAlive(server: TestServer, tally: Tally, logsFrom: number, options: { allowEscapedErrors?: boolean } = {}): Promise<void> {
  const health = await fetch(`${server.url}/healthz`).then(
    (r) => r.status,
    () => 0,
  );
  const escaped = server.logs.slice(logsFrom).filter(isEscapedError);
  if (health !== 200 || (!options.allowEscapedErrors && escaped.length > 0)) tally.crashes += 1;
  expect(health, "GET /healthz after the delivery").toBe(200);
  if (!options.allowEscapedErrors) expect(escaped.map((l) => String((l.err as { message?: string } | undefined)?.message))).toEqual([]);
}

/** Whether a log line is the app's error path catching an error a handler threw. */
export function isEscapedError(line: LogLine): boolean {
  return line.level >= 50 && typeof line.msg === "string" && line.msg.startsWith(ESCAPED);
}
