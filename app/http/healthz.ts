import type { IncomingMessage, ServerResponse } from "node:http";

/** `GET /healthz`: the process is up and serving; used by the Dockerfile's HEALTHCHECK and load balancers. */
export function healthz(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== "GET" || (req.url ?? "").split("?")[0] !== "/healthz") return false;
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify({ status: "ok" }));
  return true;
}
