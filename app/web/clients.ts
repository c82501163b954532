import type { Probot } from "probot";
import type { GitHub } from "../adapters/github/github-client.js";
import { rememberBotLogin } from "../adapters/github/own-writes.js";
import { revalidateReads } from "../adapters/github/revalidate-reads.js";
import type { AppDeps } from "../app-deps.js";

/**
 * The app's client for an installation, set up as a webhook's is: its bot login known (so the
 * reads keep to this app's own writes) and its repeated reads conditional.
 */
export function installationClients(app: Probot, deps: Pick<AppDeps, "botLogin" | "reads">): (installationId: number) => Promise<GitHub> {
  return async (installationId) => {
    const octokit = (await app.auth(installationId)) as GitHub;
    rememberBotLogin(octokit, deps.botLogin);
    revalidateReads(octokit, deps.reads, String(installationId));
    return octokit;
  };
}

/**
 * Clients that act as a user, built like the app's own (Probot's Octokit class, with its API base
 * and retry policy) but with the user's token instead of the app's key.
 */
export function userClients(app: Probot): (token: string) => Promise<GitHub> {
  let appClient: Promise<GitHub> | undefined;
  return async (token) => {
    appClient ??= app.auth() as Promise<GitHub>;
    const client = await appClient;
    const UserOctokit = client.constructor as new (options: object) => GitHub;
    return new UserOctokit({ auth: { token }, baseUrl: client.request.endpoint.DEFAULTS.baseUrl, log: app.log.child({ name: "environments-page" }) });
  };
}
