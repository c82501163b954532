import type { IncomingMessage, ServerResponse } from "node:http";

// The page runs no script and loads nothing: styles are inline, forms post only to the app itself.
const PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";

/** Where the browser reached the app: the proxy's forwarded scheme and host when set, else the request's own. */
export function originOf(req: IncomingMessage): { url: string; secure: boolean } {
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)?.split(",")[0]?.trim();
  const encrypted = (req.socket as { encrypted?: boolean }).encrypted === true;
  const scheme = first(req.headers["x-forwarded-proto"]) ?? (encrypted ? "https" : "http");
  const host = first(req.headers["x-forwarded-host"]) ?? req.headers.host ?? "localhost";
  return { url: `${scheme === "https" ? "https" : "http"}://${host}`, secure: scheme === "https" };
}

/** A whole answer; never cached, since each user's page is their own. */
export function send(res: ServerResponse, status: number, type: "text/html" | "application/json" | "text/plain", body: string): void {
  res.writeHead(status, { "content-type": `${type}; charset=utf-8`, "cache-control": "no-store", "x-content-type-options": "nosniff", ...(type === "text/html" ? { "content-security-policy": PAGE_POLICY } : {}) });
  res.end(body);
}

/** A 302 to `location`. */
export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { location, "cache-control": "no-store" });
  res.end();
}
