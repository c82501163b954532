import type { LogLine } from "../support/github/test-probot.js";

/** What the parent asks an app child (app-child.ts). */
export type ChildRequest =
  | { id: number; kind: "serve"; baseUrl: string }
  | { id: number; kind: "heap" }
  | { id: number; kind: "errors" }
  | { id: number; kind: "cpu" }
  | { id: number; kind: "stop" };

/** What an app child answers; `key` comes unasked, once, at start. */
export type ChildReply =
  | { id: 0; kind: "key"; publicKey: string }
  | { id: number; kind: "serving"; webhookUrl: string }
  | { id: number; kind: "heap"; heapUsed: number }
  | { id: number; kind: "errors"; lines: LogLine[] }
  | { id: number; kind: "cpu"; cpuMs: number }
  | { id: number; kind: "stopped" }
  | { id: number; kind: "failed"; message: string };
