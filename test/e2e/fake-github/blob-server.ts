import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { closeServer, listenOnLoopback, sendReply } from "./http-exchange.js";

/** One download the blob store served or refused. */
export interface BlobDownload {
  path: string;
  status: number;
}

// GitHub's artifact redirects are valid for about a minute.
const URL_LIFETIME_MS = 60_000;

/**
 * Stands in for the storage GitHub redirects artifact downloads to: a second loopback server on
 * its own port (so the redirect is cross-origin, as on GitHub) serving zip bytes at short-lived
 * signed URLs. A download that carries an `authorization` header is refused and recorded as a
 * violation: a client that forwards its GitHub token to the storage host leaks it.
 */
export class BlobServer {
  readonly downloads: BlobDownload[] = [];
  private readonly blobs = new Map<string, Uint8Array>();
  private readonly key = randomBytes(32);
  private readonly server = createServer((request, response) => this.serve(request, response));
  private origin = "";

  constructor(
    private readonly violations: string[],
    private readonly now: () => Date,
  ) {}

  /** Starts listening; the origin is known from here on. */
  async start(): Promise<void> {
    this.origin = `http://127.0.0.1:${await listenOnLoopback(this.server)}`;
  }

  /** Stops listening. */
  close(): Promise<void> {
    return closeServer(this.server);
  }

  /** Stores bytes under a name (e.g. `artifacts/42.zip`). */
  put(name: string, bytes: Uint8Array): void {
    this.blobs.set(name, bytes);
  }

  /** A signed URL for a stored blob that stays valid for a minute. */
  signedUrl(name: string): string {
    const expires = String(this.now().getTime() + URL_LIFETIME_MS);
    return `${this.origin}/${name}?se=${expires}&sig=${this.sign(name, expires)}`;
  }

  private sign(name: string, expires: string): string {
    return createHmac("sha256", this.key).update(`${name}\n${expires}`).digest("base64url");
  }

  private serve(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? "/", this.origin);
    const name = decodeURIComponent(url.pathname.slice(1));
    const status = this.check(request, name, url.searchParams);
    this.downloads.push({ path: url.pathname, status });
    const bytes = this.blobs.get(name);
    if (status !== 200 || bytes === undefined) {
      sendReply(response, { status, body: `<?xml version="1.0" encoding="utf-8"?><Error><Code>${status === 404 ? "BlobNotFound" : "AuthenticationFailed"}</Code></Error>`, headers: { "content-type": "application/xml" } });
      return;
    }
    sendReply(response, { status: 200, body: bytes, headers: { "content-type": "application/zip", "content-length": String(bytes.length) } });
  }

  private check(request: IncomingMessage, name: string, query: URLSearchParams): number {
    if (request.headers.authorization !== undefined) {
      this.violations.push(`GET ${this.origin}/${name}: the artifact download sent an authorization header to the storage host`);
      return 400;
    }
    const expires = query.get("se") ?? "";
    const given = Buffer.from(query.get("sig") ?? "");
    const wanted = Buffer.from(this.sign(name, expires));
    if (given.length !== wanted.length || !timingSafeEqual(given, wanted) || Number(expires) < this.now().getTime()) return 403;
    return this.blobs.has(name) ? 200 : 404;
  }
}
