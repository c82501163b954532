import { IncomingMessage, ServerResponse } from "node:http";
import { Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { healthz } from "../../app/http/healthz.js";

/** A request as Node's server hands it to a handler, and the response it would write. */
function exchange(method: string, url: string | undefined) {
  const req = new IncomingMessage(new Socket());
  req.method = method;
  if (url !== undefined) req.url = url;
  return { req, res: new ServerResponse(req) };
}

// Probot's server asks each added handler in turn: one that answered must say so (true), or the
// next handler would answer the same request again; one that did not must leave the response alone.
describe("healthz", () => {
  it("answers GET /healthz, whatever its query, and says it did", () => {
    for (const url of ["/healthz", "/healthz?probe=lb-1"]) {
      const { req, res } = exchange("GET", url);
      expect(healthz(req, res), url).toBe(true);
      expect(res.statusCode).toBe(200);
      expect(res.writableEnded).toBe(true);
    }
  });

  it("leaves every other request to the next handler, untouched", () => {
    for (const [method, url] of [["POST", "/healthz"], ["GET", "/healthz/extra"], ["GET", "/"], ["GET", undefined]] as const) {
      const { req, res } = exchange(method, url);
      expect(healthz(req, res), `${method} ${url}`).toBe(false);
      expect(res.headersSent).toBe(false);
    }
  });
});
