import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AppAuthority } from "./app-authority.js";
import { readText } from "./http-exchange.js";

/** The app's OAuth client as GitHub knows it: its id and secret, and the callback URL set in its settings. */
export interface OAuthClient {
  clientId: string;
  clientSecret: string;
  callbackUrl: string | null;
}

/** One sign-in as the fake saw it: who, where they were sent back to, and whether the code was exchanged. */
export interface SignIn {
  login: string;
  redirectUri: string;
  exchanged: boolean;
}

// GitHub's codes are single use and expire after ten minutes.
const CODE_LIFETIME_MS = 10 * 60 * 1000;

/**
 * GitHub's web side of a GitHub App's user sign-in, on the fake's web root: `GET /login/oauth/authorize`
 * shows a sign-in form (the fake's stand-in for github.com's login and consent pages), its `POST`
 * sends the browser back to `redirect_uri` with a code and the `state`, and `POST
 * /login/oauth/access_token` exchanges the code for a user access token. A redirect_uri that is not
 * the app's callback URL is refused as GitHub refuses it; a bad client secret or code gets GitHub's
 * 200 with an `error`.
 */
export class OAuthWeb {
  readonly signIns: SignIn[] = [];
  private readonly codes = new Map<string, { signIn: SignIn; clientId: string; expiresAt: number }>();

  constructor(
    readonly client: OAuthClient,
    private readonly authority: AppAuthority,
    private readonly violations: string[],
    private readonly now: () => Date,
  ) {}

  /** Answers a request under `/login/oauth/`; false for any other path. */
  async handle(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
    const url = new URL(request.url ?? "/", "http://fake");
    if (!url.pathname.startsWith("/login/oauth/")) return false;
    const text = await readText(request);
    const route = `${request.method ?? "GET"} ${url.pathname}`;
    if (route === "GET /login/oauth/authorize") this.authorizePage(url.searchParams, response);
    else if (route === "POST /login/oauth/authorize") this.grant(new URLSearchParams(text), response);
    else if (route === "POST /login/oauth/access_token") this.exchange(request, text, response);
    else {
      this.violations.push(`${route}: no such OAuth endpoint`);
      response.writeHead(404).end();
    }
    return true;
  }

  private refusal(params: URLSearchParams): string | null {
    if (params.get("client_id") !== this.client.clientId) return "Unknown client_id";
    if (this.client.callbackUrl === null) {
      this.violations.push("a sign-in began before the test set the app's callback URL (fake.setCallbackUrl)");
      return "This app has no callback URL";
    }
    // GitHub: the redirect_uri's host and port must be the callback URL's, its path the same or below it.
    const redirect = URL.canParse(params.get("redirect_uri") ?? "") ? new URL(params.get("redirect_uri") ?? "") : null;
    const callback = new URL(this.client.callbackUrl);
    if (redirect === null || redirect.origin !== callback.origin || !redirect.pathname.startsWith(callback.pathname)) return "The redirect_uri is not associated with this application.";
    return null;
  }

  private authorizePage(params: URLSearchParams, response: ServerResponse): void {
    const refused = this.refusal(params);
    if (refused !== null) return html(response, 400, `<h1>${escape(refused)}</h1>`);
    const hidden = ["client_id", "redirect_uri", "state"].map((name) => `<input type="hidden" name="${name}" value="${escape(params.get(name) ?? "")}">`).join("");
    html(response, 200, `<h1>Sign in to the fake GitHub</h1><form method="post" action="/login/oauth/authorize">${hidden}<label for="login">Username</label> <input id="login" name="login" autocomplete="username"> <button type="submit">Authorize</button></form>`);
  }

  private grant(params: URLSearchParams, response: ServerResponse): void {
    const refused = this.refusal(params);
    const login = params.get("login")?.trim() ?? "";
    if (refused !== null || login === "") return html(response, 400, `<h1>${escape(refused ?? "Sign in with a username")}</h1>`);
    const code = randomBytes(10).toString("hex");
    const signIn: SignIn = { login, redirectUri: params.get("redirect_uri") ?? "", exchanged: false };
    this.signIns.push(signIn);
    this.codes.set(code, { signIn, clientId: params.get("client_id") ?? "", expiresAt: this.now().getTime() + CODE_LIFETIME_MS });
    const back = new URL(signIn.redirectUri);
    back.searchParams.set("code", code);
    if (params.get("state")) back.searchParams.set("state", params.get("state") ?? "");
    response.writeHead(302, { location: back.toString() }).end();
  }

  private exchange(request: IncomingMessage, text: string, response: ServerResponse): void {
    const json = /json/i.test(request.headers["content-type"] ?? "");
    const body = json ? new URLSearchParams(Object.entries(JSON.parse(text || "{}") as Record<string, string>)) : new URLSearchParams(text);
    const issued = this.codes.get(body.get("code") ?? "");
    this.codes.delete(body.get("code") ?? "");
    const error =
      body.get("client_id") !== this.client.clientId || body.get("client_secret") !== this.client.clientSecret
        ? "incorrect_client_credentials"
        : issued === undefined || issued.expiresAt <= this.now().getTime() || issued.clientId !== body.get("client_id")
          ? "bad_verification_code"
          : body.get("redirect_uri") && body.get("redirect_uri") !== issued.signIn.redirectUri
            ? "redirect_uri_mismatch"
            : null;
    const answer: Record<string, string | number> = error !== null ? { error, error_description: `fake GitHub: ${error}`, error_uri: "https://docs.github.com/apps/oauth" } : this.tokenFor(issued!.signIn);
    // GitHub answers JSON only when asked to; otherwise form-encoded.
    const wantsJson = /json/i.test(request.headers.accept ?? "");
    response.writeHead(200, { "content-type": wantsJson ? "application/json; charset=utf-8" : "application/x-www-form-urlencoded" });
    response.end(wantsJson ? JSON.stringify(answer) : new URLSearchParams(Object.entries(answer).map(([k, v]) => [k, String(v)])).toString());
  }

  private tokenFor(signIn: SignIn): Record<string, string | number> {
    signIn.exchanged = true;
    const { token, expiresInS } = this.authority.issueUserToken(signIn.login);
    return { access_token: token, expires_in: expiresInS, refresh_token: `ghr_${randomBytes(30).toString("hex")}`, refresh_token_expires_in: 15_897_600, token_type: "bearer", scope: "" };
  }
}

function html(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, { "content-type": "text/html; charset=utf-8" });
  response.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Fake GitHub</title></head><body>${body}</body></html>`);
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
