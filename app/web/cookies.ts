import type { IncomingMessage } from "node:http";

/** The cookie that carries a session id: a random id, never the token, which stays on the server. */
export const SESSION_COOKIE = "envbranch_session";
/** The cookie that binds an OAuth `state` to the browser that started the sign-in. */
export const STATE_COOKIE = "envbranch_oauth_state";

/** A cookie's value from the request, or undefined. */
export function readCookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

/**
 * A `Set-Cookie` value: HttpOnly (no script reads it), SameSite=Lax (sent on GitHub's redirect back,
 * not on cross-site posts), Secure when the page is served over https, on every path (the JSON API reads it too).
 * A `maxAgeS` of 0 clears the cookie.
 */
export function cookieHeader(name: string, value: string, options: { maxAgeS: number; secure: boolean }): string {
  return [`${name}=${value}`, "Path=/", `Max-Age=${options.maxAgeS}`, "HttpOnly", "SameSite=Lax", ...(options.secure ? ["Secure"] : [])].join("; ");
}
