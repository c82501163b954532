import type { GitHub } from "./github-client.js";
import { ownAppId } from "./own-app-id.js";

// The bot login is known once per process (app/index.ts); each event's client is told where to ask.
const botLogins = new WeakMap<GitHub, () => Promise<string>>();

/** Tells the adapters which bot account a client writes as: the app's `<slug>[bot]`. */
export function rememberBotLogin(octokit: GitHub, load: () => Promise<string>): void {
  botLogins.set(octokit, load);
}

/** Who this app's writes are by: its app id and its bot account. */
export interface OwnWriter {
  appId: number;
  botLogin: string;
}

/** This app's identity as GitHub records it on what the app wrote. */
export async function ownWriter(octokit: GitHub): Promise<OwnWriter> {
  const load = botLogins.get(octokit);
  if (!load) throw new Error("the GitHub client's bot login is unknown, so its own writes cannot be told from others'");
  return { appId: await ownAppId(octokit), botLogin: await load() };
}

type Account = { login: string; type?: string } | null | undefined;
type Integration = { id: number } | null | undefined;

/** A comment is this app's when GitHub says this app posted it, as its bot: anyone can type the marker. */
export function isOwnComment(comment: { performed_via_github_app?: Integration; user?: Account }, own: OwnWriter): boolean {
  return comment.performed_via_github_app?.id === own.appId && isBot(comment.user, own);
}

/**
 * A deployment or deployment status is this app's when its bot created it; where GitHub also names
 * the app it came through (`performed_via_github_app` is optional in the schema), that must be this app.
 * Any workflow or app with `deployments: write` can create one for the same environment and ref.
 */
export function isOwnDeploymentWrite(write: { performed_via_github_app?: Integration; creator?: Account }, own: OwnWriter): boolean {
  const via = write.performed_via_github_app;
  return isBot(write.creator, own) && (via === null || via === undefined || via.id === own.appId);
}

function isBot(account: Account, own: OwnWriter): boolean {
  return account?.type === "Bot" && account.login.toLowerCase() === own.botLogin.toLowerCase();
}
