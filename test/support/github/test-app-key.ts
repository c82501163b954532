import { createPublicKey, generateKeyPairSync, verify, type KeyObject } from "node:crypto";

/** The app id every test Probot is built with. */
export const TEST_APP_ID = 1;

let cached: { privateKey: string; publicKey: KeyObject } | undefined;

/**
 * An RSA key pair made once per test process, standing in for the GitHub App's private key, so
 * Probot signs real app JWTs that the fake can verify.
 */
export function testAppKey(): { privateKey: string; publicKey: KeyObject } {
  if (cached === undefined) {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const pem = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
    cached = { privateKey: pem, publicKey: createPublicKey(privateKey) };
  }
  return cached;
}

/**
 * Checks that an `authorization` header carries an app JWT as GitHub requires: RS256, signed with
 * the test app's key, issued by TEST_APP_ID, not expired. Returns the problems found.
 */
export function checkAppJwt(authorization: string | undefined, now = Date.now()): string[] {
  const token = /^bearer\s+(\S+)$/i.exec(authorization ?? "")?.[1];
  if (token === undefined) return [`expected "authorization: bearer <app JWT>", got ${JSON.stringify(authorization ?? null)}`];
  const [header, payload, signature] = token.split(".");
  if (header === undefined || payload === undefined || signature === undefined) return ["the app JWT is not three dot-separated parts"];
  const problems: string[] = [];
  const head = decodePart(header);
  if (head?.alg !== "RS256") problems.push(`app JWT alg is ${String(head?.alg)}, GitHub requires RS256`);
  const signed = verify("sha256", Buffer.from(`${header}.${payload}`), testAppKey().publicKey, Buffer.from(signature, "base64url"));
  if (!signed) problems.push("app JWT signature does not verify with the test app's key");
  const claims = decodePart(payload);
  if (String(claims?.iss) !== String(TEST_APP_ID)) problems.push(`app JWT iss is ${String(claims?.iss)}, expected ${TEST_APP_ID}`);
  if (typeof claims?.exp !== "number" || claims.exp * 1000 <= now) problems.push("app JWT is expired or has no exp");
  return problems;
}

function decodePart(part: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
