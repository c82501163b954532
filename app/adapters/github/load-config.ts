import type { Context } from "probot";
import { parseConfig, parseConfigText, type ConfigProblem, type RepoConfig } from "../../config/parse-config.js";
import type { GitHub, RepoRef } from "./github-client.js";

/** The repo config file, in `.github/` on the default branch. */
export const CONFIG_FILE = "envbranch.yml";
export const CONFIG_PATH = `.github/${CONFIG_FILE}`;

export type LoadedConfig =
  | { status: "ok"; config: RepoConfig }
  | { status: "missing" }
  | { status: "invalid"; problems: ConfigProblem[] };

/**
 * Loads `.github/envbranch.yml` from the default branch through Probot (so `_extends` works) and
 * parses it. Only when it is invalid is the raw file fetched again, to give each problem its line.
 */
export async function loadConfig(context: Pick<Context, "config" | "octokit">, repo: RepoRef): Promise<LoadedConfig> {
  let value: unknown;
  try {
    value = await context.config(CONFIG_FILE);
  } catch (error) {
    // An HTTP error is GitHub's, not the file's: reading the file again would only double an outage.
    if (typeof (error as { status?: unknown }).status === "number") throw new Error(`could not read ${CONFIG_PATH}`, { cause: error });
    // Probot throws on YAML syntax errors; the raw text tells where.
    const text = await readRawConfig(context.octokit, repo);
    if (text === null) throw new Error(`could not read ${CONFIG_PATH}`, { cause: error });
    const parsed = parseConfigText(text, repo.repo);
    if (parsed.ok) throw new Error(`could not load ${CONFIG_PATH} or its _extends base`, { cause: error });
    return { status: "invalid", problems: parsed.problems };
  }
  if (value === null || value === undefined) return { status: "missing" };
  const parsed = parseConfig(value, repo.repo);
  if (parsed.ok) return { status: "ok", config: parsed.config };
  const text = await readRawConfig(context.octokit, repo);
  const located = text === null ? parsed : parseConfig(value, repo.repo, text);
  return { status: "invalid", problems: located.ok ? parsed.problems : located.problems };
}

/** The config file's text at a ref (a branch or commit; the default branch without one), null when it is not there. */
export async function readRawConfig(octokit: GitHub, repo: RepoRef, ref?: string): Promise<string | null> {
  try {
    const response = await octokit.rest.repos.getContent({ ...repo, path: CONFIG_PATH, ...(ref ? { ref } : {}), mediaType: { format: "raw" } });
    return typeof response.data === "string" ? response.data : null;
  } catch (error) {
    if (isStatus(error, 404)) return null;
    throw new Error(`could not read ${CONFIG_PATH}`, { cause: error });
  }
}

/** Whether an Octokit error carries this HTTP status. */
export function isStatus(error: unknown, status: number): boolean {
  return typeof error === "object" && error !== null && "status" in error && (error as { status: unknown }).status === status;
}
