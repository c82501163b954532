import type { WebSettings } from "./web-settings.js";

/** A user's access token from the OAuth exchange, and how long GitHub says it lives (null: until revoked). */
export interface UserToken {
  token: string;
  expiresInS: number | null;
}

/** Where a browser is sent to sign in: GitHub's authorize page for this app, back to `redirectUri` with `state`. */
export function authorizeUrl(settings: WebSettings, oauth: NonNullable<WebSettings["oauth"]>, redirectUri: string, state: string): string {
  const url = new URL(`${settings.webUrl}/login/oauth/authorize`);
  url.searchParams.set("client_id", oauth.clientId);
  url.searchParams.set("redirect_uri", redirectUri);
  url.searchParams.set("state", state);
  return url.toString();
}

/**
 * Exchanges the code GitHub sent back for the user's token (`POST login/oauth/access_token`). GitHub
 * answers an unusable code with 200 and an `error` field, so that is checked as well as the status.
 * The error says what GitHub said, never the secret or the code.
 */
export async function exchangeCode(settings: WebSettings, oauth: NonNullable<WebSettings["oauth"]>, code: string, redirectUri: string): Promise<UserToken> {
  const response = await fetch(`${settings.webUrl}/login/oauth/access_token`, {
    method: "POST",
    headers: { accept: "application/json", "content-type": "application/json" },
    body: JSON.stringify({ client_id: oauth.clientId, client_secret: oauth.clientSecret, code, redirect_uri: redirectUri }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json().catch(() => null)) as { access_token?: unknown; expires_in?: unknown; error?: unknown; error_description?: unknown } | null;
  if (!response.ok || typeof body?.access_token !== "string" || body.access_token === "") {
    const said = typeof body?.error_description === "string" ? body.error_description : typeof body?.error === "string" ? body.error : `HTTP ${response.status}`;
    throw new Error(`GitHub refused the sign-in: ${said}`);
  }
  return { token: body.access_token, expiresInS: typeof body.expires_in === "number" && body.expires_in > 0 ? body.expires_in : null };
}
