/** What the environments page needs to sign people in with GitHub; null fields mean it is not set up. */
export interface WebSettings {
  /** The GitHub App's OAuth client: what Probot's setup writes as GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET. */
  oauth: { clientId: string; clientSecret: string } | null;
  /** GitHub's web root, where `login/oauth/*` is served (no trailing slash). */
  webUrl: string;
}

/**
 * The page's settings from the environment: GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET (both, or the
 * page only says how to enable it), and GitHub's web root: GITHUB_WEB_URL, else the GitHub Enterprise
 * Server host Probot is pointed at (GHE_HOST, GHE_PROTOCOL), else https://github.com.
 */
export function readWebSettings(env: NodeJS.ProcessEnv): WebSettings {
  const clientId = env.GITHUB_CLIENT_ID?.trim();
  const clientSecret = env.GITHUB_CLIENT_SECRET?.trim();
  const enterprise = env.GHE_HOST ? `${env.GHE_PROTOCOL || "https"}://${env.GHE_HOST}` : null;
  const webUrl = (env.GITHUB_WEB_URL?.trim() || enterprise || "https://github.com").replace(/\/+$/, "");
  return { oauth: clientId && clientSecret ? { clientId, clientSecret } : null, webUrl };
}
