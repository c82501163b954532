import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import { stopProcess } from "../../support/stop-process.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
/** What `npm start` runs, relative to the package root. */
export const APP_ENTRY = "dist/app/main.js";

/** One line of the app's JSON log (pino, as Probot writes it with `LOG_FORMAT=json`). */
export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

/** The built app running as its own process. */
export interface AppProcess {
  pid: number;
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** Where GitHub delivers webhooks (Probot's default path). */
  webhookUrl: string;
  /** The JSON log lines at `level` or above (pino: 40 warn, 50 error, 60 fatal). */
  logsAtLeast(level: number): LogLine[];
  /** The output lines that are not JSON log lines: what Node itself prints, such as a crash's stack trace. */
  unparsedOutput(): string[];
  /** How the process ended (`exit code` or signal), or null while it runs. */
  exit(): string | null;
  /** SIGTERM, then SIGKILL after five seconds; resolves once the process has exited. */
  stop(): Promise<void>;
}

/**
 * Starts `node dist/app/main.js` from the package root, exactly what `npm start` runs, on a free
 * loopback port with exactly `env` (nothing inherited, so no stray GITHUB_ or AZURE_ variable of
 * the test process reaches it), and resolves once `GET /healthz` (or `readyPath`) answers 200.
 */
export async function startAppProcess(env: Record<string, string>, options: { readyPath?: string } = {}): Promise<AppProcess> {
  const port = await freePort();
  const { child, lines } = spawnApp({ ...env, HOST: "127.0.0.1", PORT: String(port) });
  const url = `http://127.0.0.1:${port}`;
  const app: AppProcess = {
    pid: child.pid!,
    url,
    webhookUrl: `${url}/api/github/webhooks`,
    logsAtLeast: (level) => lines.map(parseLogLine).filter((l): l is LogLine => l !== null && l.level >= level),
    unparsedOutput: () => lines.filter((l) => parseLogLine(l) === null),
    exit: () => (child.exitCode !== null ? `exit code ${child.exitCode}` : child.signalCode),
    stop: () => stopProcess(child),
  };
  try {
    await waitUntilServing(`${url}${options.readyPath ?? "/healthz"}`, child, lines);
  } catch (error) {
    await app.stop();
    throw error;
  }
  return app;
}

/** How a start of the app that was expected to fail ended. */
export interface AppExit {
  code: number | null;
  /** stdout and stderr, line by line, in the order they came. */
  output: string[];
}

/**
 * Runs `node dist/app/main.js` with exactly `env` (nothing inherited) until it exits, for start-ups
 * that must be refused; a process still running after `timeoutMs` is stopped and reported with code null.
 */
export async function runAppToExit(env: Record<string, string>, timeoutMs = 15_000): Promise<AppExit> {
  const { child, lines } = spawnApp(env);
  // "close", not "exit": it comes after the last output has been read.
  const exited = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
  const timer = setTimeout(() => void stopProcess(child), timeoutMs);
  const code = await exited;
  clearTimeout(timer);
  return { code: child.signalCode === null ? code : null, output: lines };
}

function spawnApp(env: Record<string, string>): { child: ChildProcess; lines: string[] } {
  const child = spawn(process.execPath, [APP_ENTRY], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  const collect = (chunk: Buffer) => lines.push(...chunk.toString("utf8").split("\n").filter((l) => l.trim() !== ""));
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  return { child, lines };
}

async function waitUntilServing(url: string, child: ChildProcess, lines: string[]): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the app exited (${child.exitCode ?? child.signalCode}) before serving ${url}:\n${lines.join("\n")}`);
    }
    const healthy = await fetch(url).then((r) => r.status === 200, () => false);
    if (healthy) return;
    await sleep(100);
  }
  throw new Error(`the app did not answer ${url} within 30 s:\n${lines.join("\n")}`);
}

/** A loopback port nothing listens on now. Probot reads `PORT=0` as its default 3000, so one is picked here. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function parseLogLine(line: string): LogLine | null {
  try {
    const value = JSON.parse(line) as unknown;
    return typeof value === "object" && value !== null && typeof (value as LogLine).level === "number" ? (value as LogLine) : null;
  } catch {
    return null;
  }
}
