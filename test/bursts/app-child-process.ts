import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { LogLine } from "../support/github/test-probot.js";
import type { ChildReply, ChildRequest } from "./app-child-protocol.js";

const CHILD = fileURLToPath(new URL("./app-child.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Which app the child serves: envbranch as the tests build it, or a bare Probot app with a no-op push handler. */
export type ChildApp = "envbranch" | "noop";

type Distribute<T> = T extends unknown ? Omit<T, "id"> : never;

/** An app served in its own Node process (test/bursts/app-child.ts), driven over IPC. */
export class AppChild {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (reply: ChildReply) => void; reject: (error: Error) => void }>();

  private constructor(
    private readonly child: ChildProcess,
    /** The public half of the child's app key (SPKI PEM), for the fake GitHub. */
    readonly publicKey: string,
  ) {
    child.on("message", (reply: ChildReply) => {
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (reply.kind === "failed") waiter?.reject(new Error(`app child: ${reply.message}`));
      else waiter?.resolve(reply);
    });
    child.on("exit", (code, signal) => {
      for (const waiter of this.waiting.values()) waiter.reject(new Error(`app child exited (${code ?? signal})`));
      this.waiting.clear();
    });
  }

  /**
   * Forks the child with tsx's loader (and `--expose-gc` when heap samples are wanted) and waits for
   * its key; call `serve` once the fake GitHub it talks to is up.
   */
  static async start(app: ChildApp, options: { exposeGc?: boolean } = {}): Promise<AppChild> {
    const child = fork(CHILD, [], {
      cwd: ROOT,
      execArgv: ["--import", "tsx", ...(options.exposeGc ? ["--expose-gc"] : [])],
      env: { ...process.env, APP_CHILD_APP: app },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const key = await new Promise<ChildReply>((resolve, reject) => {
      child.once("message", resolve);
      child.once("exit", (code, signal) => reject(new Error(`app child exited (${code ?? signal}) before it was ready`)));
    });
    if (key.kind !== "key") throw new Error(`app child said ${key.kind} first`);
    return new AppChild(child, key.publicKey);
  }

  /** Serves the app against the GitHub API at `baseUrl`; resolves to its webhook URL. */
  async serve(baseUrl: string): Promise<string> {
    return (await this.ask({ kind: "serve", baseUrl }, "serving")).webhookUrl;
  }

  /** `heapUsed` of the child after two forced full garbage collections. */
  async heapUsed(): Promise<number> {
    return (await this.ask({ kind: "heap" }, "heap")).heapUsed;
  }

  /** The log lines at level error or above the app wrote so far. */
  async errors(): Promise<LogLine[]> {
    return (await this.ask({ kind: "errors" }, "errors")).lines;
  }

  /** CPU time (user + system, ms) the child has used since it started. */
  async cpuMs(): Promise<number> {
    return (await this.ask({ kind: "cpu" }, "cpu")).cpuMs;
  }

  /** Closes the server; the child then exits on its own (SIGKILL by PID if it has not after 5 s). */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    await this.ask({ kind: "stop" }, "stopped").catch(() => undefined);
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  }

  /** Sends a request and waits for its reply, which must be of kind `expected`. */
  private async ask<K extends ChildReply["kind"]>(request: Distribute<ChildRequest>, expected: K): Promise<Extract<ChildReply, { kind: K }>> {
    const id = this.nextId++;
    const reply = await new Promise<ChildReply>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.child.send({ ...request, id } as ChildRequest);
    });
    if (reply.kind !== expected) throw new Error(`app child answered ${reply.kind} to ${request.kind}`);
    return reply as Extract<ChildReply, { kind: K }>;
  }
}
