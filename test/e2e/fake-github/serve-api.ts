import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { GitHubContractError, validateGitHubRequest } from "../../support/github/openapi.js";
import type { ApiCall, Routes } from "./api-call.js";
import type { AppAuthority, Authentication } from "./app-authority.js";
import type { FakeState } from "./fake-state.js";
import { errorReply, HttpError, parseBody, parseQuery, readText, sendReply, type Reply } from "./http-exchange.js";

/** One request that reached the fake's API, in arrival order. */
export interface RecordedRequest {
  method: string;
  /** Without the `/api/v3` base and the query string. */
  path: string;
  query: Record<string, string | string[]>;
  /** Undefined when the request is no operation of GitHub's REST description. */
  operationId: string | undefined;
  body: unknown;
  /** The status the fake answered; a 304 does not count against GitHub's rate limit. */
  status: number;
}

/** Where the pipeline writes what it saw; the test asserts on both at the end. */
export interface ApiLog {
  requests: RecordedRequest[];
  violations: string[];
}

/** Operations GitHub authenticates with the app's JWT; every other one takes an installation token. */
const APP_JWT_OPERATIONS = new Set([
  "apps/get-authenticated",
  "apps/create-installation-access-token",
  "apps/get-installation",
  "apps/list-installations",
  "apps/get-repo-installation",
  "apps/get-org-installation",
  "apps/get-user-installation",
]);

/** Operations a user access token answers (the OAuth flow's `ghu_…`); a user token anywhere else is a violation. */
const USER_TOKEN_OPERATIONS = new Set(["users/get-authenticated", "apps/list-installations-for-authenticated-user", "apps/list-installation-repos-for-authenticated-user"]);

/**
 * The request pipeline of the fake's API: record, check against GitHub's OpenAPI description
 * (501 and a violation when the request breaks it), authenticate (401 and a violation), find the
 * repository the installation may see (404 otherwise, as GitHub hides it), then answer through
 * the route for the operation. An operation the fake has no route for is a violation too, so a
 * test never passes on a silently unanswered call. A read's answer carries an ETag, and a read
 * whose `If-None-Match` names the current one gets 304 (see `conditional`).
 */
export function apiHandler(state: FakeState, authority: AppAuthority, routes: Routes, log: ApiLog, basePath: string) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? "/", "http://fake");
    const method = request.method ?? "GET";
    const path = url.pathname.startsWith(`${basePath}/`) ? url.pathname.slice(basePath.length) : url.pathname;
    const text = await readText(request);
    const contentType = header(request, "content-type");
    const recorded: RecordedRequest = { method, path, query: parseQuery(url.searchParams), operationId: undefined, body: parseBody(text, contentType), status: 0 };
    log.requests.push(recorded);
    const label = `${method} ${path}${url.search}`;
    const violation = (status: number, problem: string): Reply => {
      log.violations.push(`${label}${recorded.operationId ? ` (${recorded.operationId})` : ""}: ${problem}`);
      return errorReply(status, `fake GitHub: ${problem}`);
    };
    const reply = await (async (): Promise<Reply> => {
      if (!url.pathname.startsWith(`${basePath}/`)) return violation(404, `outside the API base path ${basePath}`);
      let match;
      try {
        match = validateGitHubRequest({ method, path, query: recorded.query, body: recorded.body, headers: request.headers });
      } catch (error) {
        if (error instanceof GitHubContractError) recorded.operationId = error.operationId;
        return violation(501, error instanceof GitHubContractError ? error.problems.join("; ") : String(error));
      }
      recorded.operationId = match.operationId;
      const auth = authenticate(authority, match.operationId, header(request, "authorization"));
      if (!auth.ok) return auth.revoked ? errorReply(401, auth.problem) : violation(401, auth.problem);
      const route = routes[match.operationId];
      if (route === undefined) return violation(501, `the fake does not implement ${match.operationId}; add a route for it`);
      const call: ApiCall = { state, operationId: match.operationId, method, path, params: match.params, query: recorded.query, body: recorded.body, headers: request.headers, identity: auth.identity, repo: undefined };
      try {
        call.repo = visibleRepo(call);
        return await route(call);
      } catch (error) {
        if (error instanceof HttpError) return errorReply(error.status, error.message);
        return violation(500, `the fake's route failed: ${(error as Error).stack ?? String(error)}`);
      }
    })();
    const answer = method === "GET" ? conditional(request, reply) : reply;
    recorded.status = answer.status;
    sendReply(response, answer);
  };
}

/**
 * GitHub's conditional reads: a 200 carries an ETag of what was answered, to whom (GitHub's ETags
 * differ by token, eclipse-csi/otterdog#201) and in which media type, and a request that names it
 * in `If-None-Match` gets 304 with no body.
 */
function conditional(request: IncomingMessage, reply: Reply): Reply {
  if (reply.status !== 200) return reply;
  const body = reply.body instanceof Uint8Array || typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body ?? null);
  const digest = createHash("sha1").update(header(request, "authorization") ?? "").update("\0").update(header(request, "accept") ?? "").update("\0").update(body).digest("hex");
  const etag = `W/"${digest}"`;
  if (header(request, "if-none-match") === etag) return { status: 304, headers: { etag } };
  return { ...reply, headers: { ...reply.headers, etag } };
}

function authenticate(authority: AppAuthority, operationId: string, authorization: string | undefined): Authentication {
  if (USER_TOKEN_OPERATIONS.has(operationId)) return authority.authenticateUser(authorization);
  if (!APP_JWT_OPERATIONS.has(operationId)) return authority.authenticateInstallation(authorization);
  const problems = authority.checkAppJwt(authorization);
  return problems.length === 0 ? { ok: true, identity: { kind: "app" } } : { ok: false, problem: problems.join("; ") };
}

/** The repository `{owner}/{repo}` names, when the caller may see it; GitHub answers 404 otherwise. */
function visibleRepo(call: ApiCall): ApiCall["repo"] {
  const { owner, repo: name } = call.params;
  if (owner === undefined || name === undefined) return undefined;
  const repo = call.state.findRepo(`${owner}/${name}`);
  if (repo === undefined) throw new HttpError(404, "Not Found");
  if (call.identity.kind === "installation" && call.identity.installationId !== repo.installationId) throw new HttpError(404, "Not Found");
  return repo;
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
