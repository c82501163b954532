import type { GitHub } from "./github-client.js";

// Asking the client signs an app JWT (an RSA signature): once per client is enough.
const known = new WeakMap<GitHub, Promise<number>>();

/**
 * This app's id, from the credentials its client signs with (no request). Check runs, comments and
 * deployments can be written by any app or workflow with the right permission: only those whose
 * app is this one are read back as envbranch's own state.
 */
export function ownAppId(octokit: GitHub): Promise<number> {
  let id = known.get(octokit);
  if (!id) {
    id = readAppId(octokit);
    known.set(octokit, id);
  }
  return id;
}

async function readAppId(octokit: GitHub): Promise<number> {
  const auth = (await octokit.auth({ type: "app" })) as { appId?: unknown };
  if (typeof auth.appId !== "number") throw new Error("the GitHub client is not authenticated as a GitHub App, so its own writes cannot be told from others'");
  return auth.appId;
}
