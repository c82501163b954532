import type { AccessToken, TokenCredential } from "@azure/core-auth";

/** An error answer of Resource Manager or Microsoft Graph: both say `{ error: { code, message } }`. */
export class AzureRestError extends Error {
  readonly status: number;
  readonly code: string | null;

  constructor(status: number, code: string | null, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "AzureRestError";
    this.status = status;
    this.code = code;
  }
}

/** GETs JSON from one API with a bearer token. */
export interface RestClient {
  get(pathAndQuery: string, signal: AbortSignal): Promise<unknown>;
  /** Every item of a paged list: `value` of each page, following `nextLink` or `@odata.nextLink`. */
  list(pathAndQuery: string, signal: AbortSignal): Promise<unknown[]>;
}

/** A list stops here: no listing doctor makes has more pages, and a looping `nextLink` must end. */
const MAX_PAGES = 50;

/**
 * A client for `base` (Resource Manager's or Graph's root) with tokens for `scope`. The token goes
 * only to `base`: a next link to another origin is refused. Errors name the call and the service's
 * code and message, never a header.
 */
export function restClient(base: string, scope: string, credential: TokenCredential): RestClient {
  const origin = new URL(base).origin;
  // One token for the calls made side by side: without it each would ask Entra ID for its own.
  let pending: Promise<AccessToken> | null = null;
  const tokenFor = (signal: AbortSignal): Promise<AccessToken> => {
    pending ??= credential.getToken(scope, { abortSignal: signal }).then((token) => {
      if (!token) throw new Error(`no token for ${scope}`);
      return token;
    });
    const current = pending;
    current.then(
      (token) => {
        if (token.expiresOnTimestamp - Date.now() < 60_000 && pending === current) pending = null;
      },
      () => {
        if (pending === current) pending = null;
      },
    );
    return current;
  };
  const get = async (url: string, signal: AbortSignal): Promise<unknown> => {
    if (new URL(url).origin !== origin) throw new Error(`refusing to follow a link to ${new URL(url).origin} with a token for ${origin}`);
    const token = await tokenFor(signal);
    const response = await fetch(url, { headers: { authorization: `Bearer ${token.token}`, accept: "application/json" }, signal });
    const text = await response.text();
    const body: unknown = text ? parseJson(text) : null;
    const path = new URL(url).pathname;
    if (!response.ok) {
      const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
      const code = typeof error?.code === "string" ? error.code : null;
      const message = typeof error?.message === "string" ? error.message : response.statusText;
      throw new AzureRestError(response.status, code, `GET ${path}: ${response.status}${code ? ` ${code}` : ""}: ${message}`);
    }
    return body;
  };
  return {
    get: (pathAndQuery, signal) => get(`${base}${pathAndQuery}`, signal),
    async list(pathAndQuery, signal) {
      const items: unknown[] = [];
      let next: string | null = `${base}${pathAndQuery}`;
      for (let page = 0; next && page < MAX_PAGES; page++) {
        const body = (await get(next, signal)) as { value?: unknown; nextLink?: unknown; "@odata.nextLink"?: unknown } | null;
        if (Array.isArray(body?.value)) items.push(...body.value);
        const link = body?.nextLink ?? body?.["@odata.nextLink"];
        next = typeof link === "string" && link ? link : null;
      }
      return items;
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
