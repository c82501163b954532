import { createPublicKey, randomBytes, verify, type KeyObject } from "node:crypto";

/** Who a request authenticated as. */
export type Identity = { kind: "app" } | { kind: "installation"; installationId: number; token: string } | { kind: "user"; login: string; token: string };

/** Authentication result: an identity, or the reason GitHub would answer 401 (`revoked`: a token the user revoked, which GitHub refuses as any other). */
export type Authentication = { ok: true; identity: Identity } | { ok: false; problem: string; revoked?: boolean };

const TOKEN_LIFETIME_MS = 60 * 60 * 1000;
// A GitHub App's user access tokens (`ghu_…`) last eight hours.
const USER_TOKEN_LIFETIME_MS = 8 * 60 * 60 * 1000;
// GitHub refuses app JWTs that expire more than ten minutes ahead; a little clock drift is allowed.
const MAX_JWT_LIFETIME_S = 10 * 60 + 60;

/**
 * GitHub's side of GitHub App authentication: checks app JWTs (RS256, signed with the app's key,
 * `iss` = the app id, not expired, at most ten minutes long) and issues and checks installation
 * tokens (`ghs_…`, one hour), and the user access tokens of its OAuth flow (`ghu_…`, eight hours).
 */
export class AppAuthority {
  private readonly publicKey: KeyObject;
  private readonly tokens = new Map<string, { installationId: number; expiresAt: number }>();
  private readonly userTokens = new Map<string, { login: string; expiresAt: number }>();
  private readonly revokedUserTokens = new Set<string>();

  constructor(
    private readonly appId: number,
    publicKey: KeyObject | string,
    private readonly now: () => Date,
  ) {
    this.publicKey = typeof publicKey === "string" ? createPublicKey(publicKey) : publicKey;
  }

  /** Checks an `authorization: Bearer <JWT>` header; returns the problems found (none when valid). */
  checkAppJwt(authorization: string | undefined): string[] {
    const jwt = /^bearer\s+(\S+)$/i.exec(authorization ?? "")?.[1];
    if (jwt === undefined) return [`an app JWT is required ("authorization: Bearer <JWT>"), got ${describeHeader(authorization)}`];
    const [header, payload, signature] = jwt.split(".");
    if (header === undefined || payload === undefined || signature === undefined) return ["the app JWT is not three dot-separated parts"];
    const head = decodeJson(header);
    const claims = decodeJson(payload);
    const problems: string[] = [];
    if (head?.alg !== "RS256") problems.push(`app JWT alg is ${String(head?.alg)}; GitHub requires RS256`);
    if (!verify("sha256", Buffer.from(`${header}.${payload}`), this.publicKey, Buffer.from(signature, "base64url"))) {
      problems.push("app JWT signature does not verify with the app's public key");
    }
    if (String(claims?.iss) !== String(this.appId)) problems.push(`app JWT iss is ${String(claims?.iss)}, expected the app id ${this.appId}`);
    const nowS = this.now().getTime() / 1000;
    const exp = claims?.exp;
    if (typeof exp !== "number" || exp <= nowS) problems.push("app JWT is expired or has no exp");
    else if (exp - nowS > MAX_JWT_LIFETIME_S) problems.push("app JWT exp is more than ten minutes in the future");
    if (typeof claims?.iat !== "number" || claims.iat > nowS + 60) problems.push("app JWT iat is missing or in the future");
    return problems;
  }

  /** Issues an installation access token. */
  issueToken(installationId: number): { token: string; expires_at: string } {
    const token = `ghs_${randomBytes(18).toString("hex")}`;
    const expiresAt = this.now().getTime() + TOKEN_LIFETIME_MS;
    this.tokens.set(token, { installationId, expiresAt });
    return { token, expires_at: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, "Z") };
  }

  /** Issues a user access token for `login`, as the OAuth code exchange does. */
  issueUserToken(login: string): { token: string; expiresInS: number } {
    const token = `ghu_${randomBytes(18).toString("hex")}`;
    this.userTokens.set(token, { login, expiresAt: this.now().getTime() + USER_TOKEN_LIFETIME_MS });
    return { token, expiresInS: USER_TOKEN_LIFETIME_MS / 1000 };
  }

  /** Revokes every user access token of `login`, as a user does under Settings → Applications. */
  revokeUserTokens(login: string): void {
    for (const [token, known] of this.userTokens) {
      if (known.login.toLowerCase() !== login.toLowerCase()) continue;
      this.userTokens.delete(token);
      this.revokedUserTokens.add(token);
    }
  }

  /** Checks a user access token in `authorization: token …` (or `Bearer …`). */
  authenticateUser(authorization: string | undefined): Authentication {
    const token = /^(?:token|bearer)\s+(\S+)$/i.exec(authorization ?? "")?.[1];
    if (token === undefined) return { ok: false, problem: `a user access token is required ("authorization: token <token>"), got ${describeHeader(authorization)}` };
    const known = this.userTokens.get(token);
    // A revoked token is GitHub's plain 401 the app must cope with, not a mistake of the app's.
    if (this.revokedUserTokens.has(token)) return { ok: false, problem: "Bad credentials", revoked: true };
    if (known === undefined) return { ok: false, problem: token.startsWith("ghs_") ? "an installation token was sent where a user access token is required" : "unknown user access token" };
    if (known.expiresAt <= this.now().getTime()) return { ok: false, problem: "the user access token has expired" };
    return { ok: true, identity: { kind: "user", login: known.login, token } };
  }

  /** Checks an installation token in `authorization: token …` (or `Bearer …`). */
  authenticateInstallation(authorization: string | undefined): Authentication {
    const token = /^(?:token|bearer)\s+(\S+)$/i.exec(authorization ?? "")?.[1];
    if (token === undefined) return { ok: false, problem: `an installation token is required ("authorization: token <token>"), got ${describeHeader(authorization)}` };
    const known = this.tokens.get(token);
    if (known === undefined) {
      const looksLikeJwt = token.split(".").length === 3;
      if (this.userTokens.has(token)) return { ok: false, problem: "a user access token was sent where an installation token is required" };
      return { ok: false, problem: looksLikeJwt ? "an app JWT was sent where an installation token is required" : "unknown installation token" };
    }
    if (known.expiresAt <= this.now().getTime()) return { ok: false, problem: "the installation token has expired" };
    return { ok: true, identity: { kind: "installation", installationId: known.installationId, token } };
  }
}

function describeHeader(authorization: string | undefined): string {
  if (authorization === undefined) return "no authorization header";
  return JSON.stringify(authorization.split(/\s+/)[0] + " …");
}

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as unknown;
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
