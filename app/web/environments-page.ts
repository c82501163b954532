import type { IncomingMessage, ServerResponse } from "node:http";
import type { Probot } from "probot";
import type { AppDeps } from "../app-deps.js";
import { installationClients, userClients } from "./clients.js";
import { cookieHeader, readCookie, SESSION_COOKIE, STATE_COOKIE } from "./cookies.js";
import { environmentRows, readFilter, repositoriesToRead } from "./environment-filter.js";
import { renderEnvironmentsPage, renderSetupPage, renderSignInPage, type EnvironmentsView } from "./environments-html.js";
import { ExpiringMap } from "./expiring-map.js";
import { originOf, redirect, send } from "./http-replies.js";
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
export function environmentsPage(app: Probot, env: NodeJS.ProcessEnv, deps: Pick<AppDeps, "azure" | "botLogin" | "reads" | "now">): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const settings = readWebSettings(env);
  const now = () => deps.now().getTime();
  const sessions = new Sessions(now);
  const visibleCache = new ExpiringMap<Promise<VisibleRepository[]>>({ ...VISIBLE_BOUNDS, now });
  const log = app.log.child({ name: "environments-page" });
  const reads = new RepositoryEnvironmentReads(installationClients(app, deps), deps.azure, log, now);
  const userClient = userClients(app);

  /** The signed-in user's repositories and their environments, filtered as the query asks; "signed-out" without a live session. */
  const view = async (req: IncomingMessage, url: URL): Promise<EnvironmentsView | "signed-out"> => {
    const id = readCookie(req, SESSION_COOKIE);
    const session = sessions.get(id);
    if (id === undefined || session === undefined) return "signed-out";
    let visible = visibleCache.get(id);
    if (visible === undefined) {
      visible = userClient(session.token).then(listVisibleRepositories);
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
      // Someone who declines on GitHub's page comes back with an error instead of a code.
      if (url.searchParams.has("error")) return send(res, 200, "text/html", renderSignInPage("The sign-in was cancelled on GitHub."));
      // The state must be one this server sent out, to this same browser (its cookie), and unused.
      const expected = readCookie(req, STATE_COOKIE);
      if (state === "" || state !== expected || !sessions.finishSignIn(state) || code === "") {
        return send(res, 400, "text/html", renderSignInPage("That sign-in could not be checked (it expired, was used already, or began in another browser). Please sign in again."));
      }
      let session: Session;
      let lifetimeS: number | null;
      try {
        const token = await exchangeCode(settings, settings.oauth, code, `${origin.url}/environments/callback`);
        const { data: user } = await (await userClient(token.token)).rest.users.getAuthenticated();
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
        cookieHeader(SESSION_COOKIE, id, { maxAgeS: Math.floor(Math.min(lifetimeS ?? Infinity, SESSION_BOUNDS.ttlMs / 1000)), secure: origin.secure }),
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
