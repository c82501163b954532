import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** What a route answers; an object or array body goes out as JSON, a string as text, bytes as they are. */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * An answer GitHub itself would give (404, 409, 422, …): app code must cope with these, so they
 * are replies, not contract violations.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

/** GitHub's error body: `message`, `documentation_url`, and the status as a string. */
export function errorReply(status: number, message: string): Reply {
  return { status, body: { message, documentation_url: "https://docs.github.com/rest", status: String(status) } };
}

/** Reads a request body whole, as text. */
export async function readText(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** A JSON body parsed, other text kept as text, an empty body as undefined. Unparseable JSON stays text. */
export function parseBody(text: string, contentType: string | undefined): unknown {
  if (text === "") return undefined;
  if (!/json/i.test(contentType ?? "")) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Query parameters; a repeated name becomes an array, as the contract checker expects. */
export function parseQuery(params: URLSearchParams): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const name of new Set(params.keys())) {
    const values = params.getAll(name);
    query[name] = values.length === 1 ? (values[0] ?? "") : values;
  }
  return query;
}

/** Writes a reply; JSON gets GitHub's `application/json; charset=utf-8` content type. */
export function sendReply(response: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers };
  let payload: string | Uint8Array | undefined;
  if (reply.body instanceof Uint8Array || typeof reply.body === "string") {
    payload = reply.body;
  } else if (reply.body !== undefined) {
    payload = JSON.stringify(reply.body);
    headers["content-type"] ??= "application/json; charset=utf-8";
  }
  response.writeHead(reply.status, headers);
  response.end(payload);
}

/** Starts a server on a free loopback port and gives the port. */
export function listenOnLoopback(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
  });
}

/** Stops a server, dropping kept-alive connections so the close does not wait for them. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.closeAllConnections();
    server.close((error) => (error ? reject(error) : resolve()));
  });
}
