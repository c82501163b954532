import nock from "nock";
import { defaultSuccess, documentedStatuses, exampleResponse, findGitHubOperation, validateGitHubRequest } from "./openapi.js";
import { checkAppJwt } from "./test-app-key.js";

/** One request that reached the GitHub fake, in arrival order. */
export interface GitHubCall {
  method: string;
  /** Without the API base path (`/api/v3` on GHES) and without the query string. */
  path: string;
  query: Record<string, string | string[]>;
  /** Parsed JSON, the raw text for other bodies, undefined when none was sent. */
  body: unknown;
  headers: Record<string, string>;
  /** Undefined when the request is not an operation of GitHub's REST description. */
  operationId: string | undefined;
  /** Decoded path parameters, e.g. `{ owner, repo }`. */
  params: Record<string, string>;
}

/**
 * What the fake answers; an object or array body is sent as JSON, a string as text. Without a
 * status, the operation's first documented 2xx status.
 */
export interface GitHubReply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A fixed reply, or a function of the call (which may assert on it; a throw is recorded). */
export type GitHubResponder = GitHubReply | ((call: GitHubCall) => GitHubReply | Promise<GitHubReply>);

export interface ExpectationOptions {
  /** How many calls this expectation answers (default 1); each must happen. */
  times?: number;
  /** Answer any number of calls, at least one. */
  persist?: boolean;
  /** Further condition on the call (body, query, headers). */
  match?: (call: GitHubCall) => boolean;
}

/** A declared call: the calls it answered so far, for assertions on bodies. */
export interface Expectation {
  readonly route: string;
  readonly operationId: string;
  readonly calls: GitHubCall[];
}

/** A contract-checked fake of GitHub's REST API over nock; see mockGitHub. */
export interface MockGitHub {
  readonly baseUrl: string;
  /** Every request that reached the fake, valid or not, in order. */
  readonly requests: GitHubCall[];
  /** Contract violations, unexpected calls and responder errors so far. */
  readonly problems: string[];
  /**
   * Declares an expected call. `route` is "METHOD /path" with `{param}`s as wildcards or concrete
   * values (a `?key=value` query must match too), or an operationId such as "checks/create".
   * Without a responder, the fake answers with GitHub's documented success status and example.
   */
  on(route: string, reply?: GitHubResponder, options?: ExpectationOptions): Expectation;
  /**
   * Expects the installation token exchange Probot makes before its first installation call,
   * checks the app JWT it sends, and answers with a token that expires in an hour.
   */
  installationToken(options?: { installationId?: number; token?: string } & Omit<ExpectationOptions, "match">): Expectation;
  /** Calls made to one operation, or all calls without an argument. */
  count(operationId?: string): number;
  /** Throws listing every problem and every expectation not used up. */
  assertDone(): void;
}

interface DeclaredExpectation extends Expectation {
  method: string;
  fixedParams: Record<string, string>;
  fixedQuery: Record<string, string>;
  responder: GitHubResponder | undefined;
  limit: number;
  options: ExpectationOptions;
}

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"];
const HARNESS_STATUS = 501; // distinct from any status a test chooses, so app code cannot mistake it

const active: MockGitHubState[] = [];

interface MockGitHubState {
  mock: MockGitHub;
  origin: string;
  checked: boolean;
}

/**
 * Intercepts `baseUrl` (default https://api.github.com; a GHES URL such as
 * https://ghe.example.com/api/v3 works) and blocks every other non-loopback host. Every request is
 * validated against GitHub's OpenAPI description; a violation, or a request no expectation
 * matches, is answered with HTTP 501 and recorded for assertDone. Pair with cleanupGitHubMocks:
 *
 *     afterEach(cleanupGitHubMocks);
 *     const gh = mockGitHub();
 *     gh.installationToken();
 *     const created = gh.on("POST /repos/{owner}/{repo}/check-runs", { status: 201, body: exampleResponse("checks/create") });
 *     await probot.receive(webhookEvent("push", payload));
 *     gh.assertDone();
 *     expect(created.calls[0]?.body).toMatchObject({ head_sha: payload.after });
 */
export function mockGitHub(options: { baseUrl?: string } = {}): MockGitHub {
  const baseUrl = (options.baseUrl ?? "https://api.github.com").replace(/\/+$/, "");
  const { origin, pathname: basePath } = new URL(baseUrl);
  if (active.some((state) => state.origin === origin)) throw new Error(`mockGitHub: ${origin} is already mocked in this test`);
  blockNetwork();

  const requests: GitHubCall[] = [];
  const problems: string[] = [];
  const expectations: DeclaredExpectation[] = [];

  const handle = async (method: string, uri: string, rawBody: unknown, headers: Record<string, string>) => {
    const url = new URL(uri, origin);
    const path = basePath !== "/" && url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) : url.pathname;
    const call: GitHubCall = { method, path, query: parseQuery(url.searchParams), body: parseBody(rawBody), headers, operationId: undefined, params: {} };
    requests.push(call);
    const label = `${method} ${path}${url.search}`;
    if (basePath !== "/" && !url.pathname.startsWith(basePath)) return refuse(problems, `${label}: outside the API base path ${basePath}`);
    try {
      const match = validateGitHubRequest({ method, path, query: call.query, body: call.body, headers });
      call.operationId = match.operationId;
      call.params = match.params;
    } catch (error) {
      return refuse(problems, (error as Error).message);
    }
    const expectation = expectations.find((e) => e.calls.length < e.limit && matches(e, call));
    if (expectation === undefined) return refuse(problems, `unexpected request ${label} (${call.operationId}): no expectation left for it`);
    expectation.calls.push(call);
    try {
      const reply = await answer(expectation, call);
      const documented = documentedStatuses(expectation.operationId);
      const status = reply.status ?? Number(documented.find((s) => s.startsWith("2")) ?? 200);
      if (status < 300 && !documented.includes(String(status))) {
        problems.push(`${label}: the test answers ${status}, which GitHub does not document for ${expectation.operationId} (documented: ${documented.join(", ")})`);
      }
      return encodeReply(status, reply.body, reply.headers);
    } catch (error) {
      return refuse(problems, `${label}: the responder for ${expectation.route} threw: ${(error as Error).message}`);
    }
  };

  const scope = nock(origin).persist();
  for (const method of METHODS) {
    scope.intercept(() => true, method).reply(async function (uri, body) {
      return handle(method, uri, body, this.req.headers);
    });
  }

  const declare = (route: string, responder: GitHubResponder | undefined, expectationOptions: ExpectationOptions = {}) => {
    const parsed = parseRoute(route);
    const declared: DeclaredExpectation = {
      route,
      ...parsed,
      calls: [],
      responder,
      limit: expectationOptions.persist ? Number.POSITIVE_INFINITY : (expectationOptions.times ?? 1),
      options: expectationOptions,
    };
    expectations.push(declared);
    return declared;
  };

  const mock: MockGitHub = {
    baseUrl,
    requests,
    problems,
    on: declare,
    installationToken: ({ installationId, token = "ghs_test_installation_token", ...rest } = {}) =>
      declare(
        installationId === undefined ? "apps/create-installation-access-token" : `POST /app/installations/${installationId}/access_tokens`,
        (call) => issueInstallationToken(call, token),
        rest,
      ),
    count: (operationId) => (operationId === undefined ? requests.length : requests.filter((r) => r.operationId === operationId).length),
    assertDone: () => {
      state.checked = true;
      const unused = expectations
        .filter((e) => e.calls.length < (Number.isFinite(e.limit) ? e.limit : 1))
        .map((e) => `expected ${e.route} ${Number.isFinite(e.limit) ? `${e.limit} time(s)` : "at least once"}, got ${e.calls.length}`);
      const all = [...problems, ...unused];
      if (all.length > 0) throw new Error(`GitHub fake at ${baseUrl}:\n- ${all.join("\n- ")}`);
    },
  };
  const state: MockGitHubState = { mock, origin, checked: false };
  active.push(state);
  return mock;
}

/**
 * Turns nock on (again) and refuses every connection except to loopback, where Azurite and the
 * test's own servers listen. mockGitHub calls it; tests that mock only Azure can call it directly.
 */
export function blockNetwork(): void {
  if (!nock.isActive()) nock.activate();
  nock.disableNetConnect();
  nock.enableNetConnect((host) => /^(127\.0\.0\.1|localhost|\[::1\]|::1)(:\d+)?$/.test(host));
}

/**
 * For afterEach: removes every nock interceptor, lets the network through again and restores
 * the patched HTTP stack (the next mockGitHub or blockNetwork turns nock back on). Then, unless
 * the test has already failed, throws for any fake whose assertDone was never called and that has
 * problems or unused expectations, so a forgotten assertDone cannot hide them.
 */
export function cleanupGitHubMocks(context?: { task?: { result?: { state?: string } } }): void {
  const unchecked = active.filter((state) => !state.checked);
  active.length = 0;
  nock.cleanAll();
  nock.enableNetConnect();
  nock.restore();
  if (context?.task?.result?.state === "fail") return;
  const failures: string[] = [];
  for (const state of unchecked) {
    try {
      state.mock.assertDone();
    } catch (error) {
      failures.push((error as Error).message);
    }
  }
  if (failures.length > 0) throw new Error(`assertDone was not called, and:\n${failures.join("\n")}`);
}

function issueInstallationToken(call: GitHubCall, token: string): GitHubReply {
  const jwtProblems = checkAppJwt(call.headers.authorization);
  if (jwtProblems.length > 0) throw new Error(jwtProblems.join("; "));
  const body = exampleResponse("apps/create-installation-access-token", "201") as Record<string, unknown>;
  return { status: 201, body: { ...body, token, expires_at: new Date(Date.now() + 3_600_000).toISOString() } };
}

function parseRoute(route: string): Pick<DeclaredExpectation, "method" | "operationId" | "fixedParams" | "fixedQuery"> {
  const spaced = /^([A-Za-z]+)\s+(\S+)$/.exec(route.trim());
  if (spaced === null) {
    documentedStatuses(route); // throws for an unknown operation id
    return { method: "", operationId: route, fixedParams: {}, fixedQuery: {} };
  }
  const [, method = "", target = ""] = spaced;
  const url = new URL(target, "https://route.invalid");
  const match = findGitHubOperation(method, url.pathname);
  const fixedParams = Object.fromEntries(Object.entries(match.params).filter(([name, value]) => value !== `{${name}}`));
  return { method: method.toUpperCase(), operationId: match.operationId, fixedParams, fixedQuery: Object.fromEntries(url.searchParams) };
}

function matches(expectation: DeclaredExpectation, call: GitHubCall): boolean {
  if (call.operationId !== expectation.operationId) return false;
  for (const [name, value] of Object.entries(expectation.fixedParams)) if (call.params[name] !== value) return false;
  for (const [name, value] of Object.entries(expectation.fixedQuery)) if (String(call.query[name]) !== value) return false;
  return expectation.options.match?.(call) ?? true;
}

async function answer(expectation: DeclaredExpectation, call: GitHubCall): Promise<GitHubReply> {
  const { responder } = expectation;
  if (responder === undefined) return defaultSuccess(expectation.operationId);
  return typeof responder === "function" ? responder(call) : structuredClone(responder);
}

function refuse(problems: string[], message: string): nock.ReplyFnResult {
  problems.push(message);
  return encodeReply(HARNESS_STATUS, { message: `mock-github: ${message}` });
}

function encodeReply(status: number, body: unknown, headers: Record<string, string> = {}): nock.ReplyFnResult {
  if (body === undefined || body === null) return [status, "", headers];
  if (typeof body === "string") return [status, body, { "content-type": "text/plain; charset=utf-8", ...headers }];
  return [status, JSON.stringify(body), { "content-type": "application/json; charset=utf-8", ...headers }];
}

function parseQuery(search: URLSearchParams): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(search.keys())) {
    const values = search.getAll(key);
    query[key] = values.length === 1 ? (values[0] ?? "") : values;
  }
  return query;
}

function parseBody(raw: unknown): unknown {
  if (raw === undefined || raw === null || raw === "") return undefined;
  if (typeof raw !== "string") return raw;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}
