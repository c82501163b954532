import type { GitHub } from "./github-client.js";

/**
 * This app's id, from the credentials its client signs with (no request). Check runs, comments and
 * deployments can be written by any app or workflow with the right permission: only those whose
 * app is this one are read back as envbranch's own state.
 */
export async function ownAppId(octokit: GitHub): Promise<number> {
  const auth = (await octokit.auth({ type: "app" })) as { appId?: unknown };
  if (typeof auth.appId !== "number") throw new Error("the GitHub client is not authenticated as a GitHub App, so its own writes cannot be told from others'");
  return auth.appId;
}
