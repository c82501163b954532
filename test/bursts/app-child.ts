/**
 * A Probot app served in a process of its own, so its heap and CPU are measured apart from the fake
 * GitHub and the load that drive it. Forked by app-child-process.ts (`node --import tsx`), it
 * speaks over IPC: it first sends the public half of its app key (the fake GitHub verifies JWTs
 * with it), then answers the requests of `ChildRequest`.
 */
import type { ApplicationFunction } from "probot";
import { appWith } from "../support/app-under-test.js";
import { testAppKey } from "../support/github/test-app-key.js";
import { startTestServer, type TestServer } from "../support/github/test-probot.js";
import type { ChildReply, ChildRequest } from "./app-child-protocol.js";

/** The bare baseline: a Probot app whose push handler does nothing and calls nothing. */
const noopApp: ApplicationFunction = (app) => {
  app.on("push", async () => {});
};

const appFn = process.env.APP_CHILD_APP === "noop" ? noopApp : appWith().appFn;
let server: TestServer | undefined;

function reply(message: ChildReply, then?: () => void): void {
  process.send?.(message, undefined, undefined, then);
}

async function answer(request: ChildRequest): Promise<ChildReply> {
  switch (request.kind) {
    case "serve":
      // Warnings and errors only: the same for both apps, and nothing piles up in the log array.
      server = await startTestServer(appFn, { baseUrl: request.baseUrl, logLevel: "warn" });
      return { id: request.id, kind: "serving", webhookUrl: server.webhookUrl };
    case "heap": {
      const gc = (globalThis as { gc?: () => void }).gc;
      if (gc === undefined) throw new Error("the child was started without --expose-gc");
      gc();
      gc();
      return { id: request.id, kind: "heap", heapUsed: process.memoryUsage().heapUsed };
    }
    case "errors":
      return { id: request.id, kind: "errors", lines: (server?.logs ?? []).filter((l) => l.level >= 50) };
    case "cpu": {
      const { user, system } = process.cpuUsage();
      return { id: request.id, kind: "cpu", cpuMs: (user + system) / 1000 };
    }
    case "stop":
      await server?.close();
      return { id: request.id, kind: "stopped" };
  }
}

process.on("message", (request: ChildRequest) => {
  answer(request).then(
    // Once stopped, dropping the IPC channel lets the process exit: nothing else holds it open.
    (message) => reply(message, message.kind === "stopped" ? () => process.disconnect() : undefined),
    (error: unknown) => reply({ id: request.id, kind: "failed", message: String((error as Error).stack ?? error) }),
  );
});
reply({ id: 0, kind: "key", publicKey: testAppKey().publicKey.export({ type: "spki", format: "pem" }).toString() });
