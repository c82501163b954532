import type { IncomingMessage, ServerResponse } from "node:http";
import type { Probot } from "probot";
import type { GitHub } from "../adapters/github/github-client.js";
import { rememberBotLogin } from "../adapters/github/own-writes.js";
import { revalidateReads } from "../adapters/github/revalidate-reads.js";
import type { AppDeps } from "../app-deps.js";
import { cookieHeader, readCookie, SESSION_COOKIE, STATE_COOKIE } from "./cookies.js";
import { environmentRows, readFilter, repositoriesToRead } from "./environment-filter.js";
import { renderEnvironmentsPage, renderSetupPage, renderSignInPage, type EnvironmentsView } from "./environments-html.js";
import { ExpiringMap } from "./expiring-map.js";
import { authorizeUrl, exchangeCode } from "./oauth.js";
import { RepositoryEnvironmentReads, type RepositoryEnvironments } from "./repository-environments.js";
import { SESSION_BOUNDS, Sessions, SIGN_IN_BOUNDS, type Session } from "./sessions.js";
import { listVisibleRepositories, type VisibleRepository } from "./user-repositories.js";
import { readWebSettings } from "./web-settings.js";

// Repositories are read a few at a time, gentle on the installation's rate limit.
const PARALLEL_REPOSITORIES = 4;
// What the user's token lists is reused for a minute per session, like the environments themselves.
const VISIBLE_BOUNDS = { ttlMs: 60_000, maxEntries: SESSION_BOUNDS.maxEntries };

type Reply = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;

/**
 * The environments page across repositories, served by the app's own HTTP server:
 * `GET /environments` (HTML), `GET /api/environments` (the same as JSON), and GitHub's OAuth round
 * trip (`/environments/login`, `/environments/callback`, `POST /environments/logout`). Which
 * repositories show is decided by the user's own token; their environments are read with the app's
 * installation client, set up as a webhook's is (its bot login known, its repeated reads conditional).
 * Settings come from `env` (see readWebSettings).
 */
export function environmentsPage(app: Probot, env: NodeJS.ProcessEnv, deps: Pick<AppDeps, "botLogin" | "reads" | "now">): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const settings = readWebSettings(env);
  const now = () => deps.now().getTime();
  const sessions = new Sessions(now);
  const visibleCache = new ExpiringMap<Promise<VisibleRepository[]>>({ ...VISIBLE_BOUNDS, now });
  const log = app.log.child({ name: "environments-page" });
  const installationClient = async (installationId: number): Promise<GitHub> => {
    const octokit = (await app.auth(installationId)) as GitHub;
    rememberBotLogin(octokit, deps.botLogin);
    revalidateReads(octokit, deps.reads, String(installationId));
    return octokit;
  };
  const reads = new RepositoryEnvironmentReads(installationClient, log, now);
  const userClient = userOctokit(app);

  /** The signed-in user's repositories and their environments, filtered as the query asks; "signed-out" without a live session. */
  const view = async (req: IncomingMessage, url: URL): Promise<EnvironmentsView | "signed-out"> => {
    const id = readCookie(req, SESSION_COOKIE);
    const session = sessions.get(id);
    if (id === undefined || session === undefined) return "signed-out";
    let visible = visibleCache.get(id);
    if (visible === undefined) {
      visible = userClient(session).then(listVisibleRepositories);
      visibleCache.set(id, visible);
      visible.catch(() => visibleCache.delete(id));
    }
    let repositories: VisibleRepository[];
    try {
      repositories = await visible;
    } catch (error) {
      // A revoked or expired token: the session is over, and the user signs in again.
      if ((error as { status?: unknown }).status === 401) {
        sessions.close(id);
        return "signed-out";
      }
      throw error;
    }
    const filter = readFilter(url.searchParams);
    const { read, leftOut } = repositoriesToRead(repositories, filter);
    const results: RepositoryEnvironments[] = [];
    for (let i = 0; i < read.length; i += PARALLEL_REPOSITORIES) results.push(...(await Promise.all(read.slice(i, i + PARALLEL_REPOSITORIES).map((r) => reads.read(r)))));
    return { login: session.login, visible: repositories, filter, read: results, leftOut, rows: environmentRows(results, filter) };
  };

  const routes: Record<string, Reply> = {
    "GET /environments": async (req, res, url) => {
      if (settings.oauth === null) return send(res, 200, "text/html", renderSetupPage());
      const shown = await view(req, url);
      send(res, 200, "text/html", shown === "signed-out" ? renderSignInPage() : renderEnvironmentsPage(shown));
    },
    "GET /api/environments": async (req, res, url) => {
      if (settings.oauth === null) return send(res, 503, "application/json", JSON.stringify({ error: "the environments page is not enabled: set GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET" }));
      const shown = await view(req, url);
      if (shown === "signed-out") return send(res, 401, "application/json", JSON.stringify({ error: "sign in at /environments/login" }));
      send(res, 200, "application/json", JSON.stringify(apiBody(shown)));
    },
    "GET /environments/login": async (req, res) => {
      if (settings.oauth === null) return redirect(res, "/environments");
      const state = sessions.startSignIn();
      const origin = originOf(req);
      res.setHeader("set-cookie", cookieHeader(STATE_COOKIE, state, { maxAgeS: SIGN_IN_BOUNDS.ttlMs / 1000, secure: origin.secure }));
      redirect(res, authorizeUrl(settings, settings.oauth, `${origin.url}/environments/callback`, state));
    },
    "GET /environments/callback": async (req, res, url) => {
      if (settings.oauth === null) return redirect(res, "/environments");
      const origin = originOf(req);
      const state = url.searchParams.get("state") ?? "";
      const code = url.searchParams.get("code") ?? "";
      // The state must be one this server sent out, to this same browser (its cookie), and unused.
      const expected = readCookie(req, STATE_COOKIE);
      if (state === "" || state !== expected || !sessions.finishSignIn(state) || code === "") {
        return send(res, 400, "text/html", renderSignInPage("That sign-in could not be checked (it expired, was used already, or began in another browser). Please sign in again."));
      }
      let session: Session;
      let lifetimeS: number | null;
      try {
        const token = await exchangeCode(settings, settings.oauth, code, `${origin.url}/environments/callback`);
        const { data: user } = await (await userClient({ login: "", token: token.token })).rest.users.getAuthenticated();
        session = { login: user.login, token: token.token };
        lifetimeS = token.expiresInS;
      } catch (error) {
        log.warn({ err: error }, "environments page: a sign-in failed");
        return send(res, 502, "text/html", renderSignInPage("GitHub did not complete the sign-in. Please try again."));
      }
      const id = sessions.open(session, lifetimeS);
      log.info({ login: session.login }, "environments page: signed in");
      res.setHeader("set-cookie", [
        cookieHeader(STATE_COOKIE, "", { maxAgeS: 0, secure: origin.secure }),
        cookieHeader(SESSION_COOKIE, id, { maxAgeS: Math.floor((lifetimeS === null ? SESSION_BOUNDS.ttlMs / 1000 : Math.min(lifetimeS, SESSION_BOUNDS.ttlMs / 1000))), secure: origin.secure }),
      ]);
      redirect(res, "/environments");
    },
    "POST /environments/logout": async (req, res) => {
      const id = readCookie(req, SESSION_COOKIE);
      sessions.close(id);
      if (id !== undefined) visibleCache.delete(id);
      res.setHeader("set-cookie", cookieHeader(SESSION_COOKIE, "", { maxAgeS: 0, secure: originOf(req).secure }));
      redirect(res, "/environments");
    },
  };

  return async (req, res) => {
    const url = new URL(req.url ?? "/", "http://page");
    const route = routes[`${req.method ?? "GET"} ${url.pathname}`];
    if (route === undefined) return false;
    try {
      await route(req, res, url);
    } catch (error) {
      log.error({ err: error }, "environments page failed");
      if (!res.headersSent) send(res, 500, "text/plain", "The environments page failed; the app's log says why.");
      else res.end();
    }
    return true;
  };
}

/** The JSON body: the same rows and repositories the page shows. */
function apiBody(view: EnvironmentsView) {
  return {
    login: view.login,
    filter: view.filter,
    repositories: view.read.map((r) => ({ repository: r.repository.fullName, url: r.repository.url, problem: r.problem })),
    leftOut: view.leftOut,
    environments: view.rows,
  };
}

/**
 * A client that acts as the user, built like the app's own (Probot's Octokit class, API base and
 * retry policy) with the user's token instead of the app's key.
 */
function userOctokit(app: Probot): (session: Session) => Promise<GitHub> {
  let appClient: Promise<GitHub> | undefined;
  return async (session) => {
    appClient ??= app.auth() as Promise<GitHub>;
    const client = await appClient;
    const UserOctokit = client.constructor as new (options: object) => GitHub;
    return new UserOctokit({ auth: { token: session.token }, baseUrl: client.request.endpoint.DEFAULTS.baseUrl, log: app.log.child({ name: "environments-page" }) });
  };
}

/** Where the browser reached the app: the proxy's forwarded scheme and host when set, else the request's own. */
function originOf(req: IncomingMessage): { url: string; secure: boolean } {
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)?.split(",")[0]?.trim();
  const encrypted = (req.socket as { encrypted?: boolean }).encrypted === true;
  const scheme = first(req.headers["x-forwarded-proto"]) ?? (encrypted ? "https" : "http");
  const host = first(req.headers["x-forwarded-host"]) ?? req.headers.host ?? "localhost";
  return { url: `${scheme === "https" ? "https" : "http"}://${host}`, secure: scheme === "https" };
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { "content-type": `${type}; charset=utf-8`, "cache-control": "no-store", "x-content-type-options": "nosniff", ...(type === "text/html" ? { "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'" } : {}) });
  res.end(body);
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { location, "cache-control": "no-store" });
  res.end();
}
