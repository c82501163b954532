import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { parseConfigText } from "../config/parse-config.js";
import { deriveEnvironment, isEnvironmentBranch, type Repository } from "../environment/derive-environment.js";
import { renderSpec } from "../spec/render-spec.js";
import type { Action, Spec } from "../spec/spec-schema.js";
import { RunnerFailure } from "./runner-failure.js";

const execFileAsync = promisify(execFile);

/** Where the repo's config lives in a checkout. */
export const CONFIG_PATH = ".github/envbranch.yml";

export interface LocalSpecInput {
  workdir: string;
  branch: string;
  action: Action;
  /** `owner/name`; defaults to the `origin` remote. */
  repo?: string;
  /** Runs git in the checkout and returns its trimmed stdout; replaceable in tests. */
  git?: (args: string[]) => Promise<string>;
}

/**
 * The spec a dispatch for this branch would carry, derived on a laptop from the checkout's config
 * with the app's own derivation and rendering, so a local run works on the environment's real state.
 * The nonce is fixed: the same checkout and branch always render the same spec.
 */
export async function deriveLocalSpec(input: LocalSpecInput): Promise<Spec> {
  const git = input.git ?? ((args: string[]) => runGit(input.workdir, args));
  const configFile = join(input.workdir, CONFIG_PATH);
  let text: string;
  try {
    text = await readFile(configFile, "utf8");
  } catch (error) {
    throw new RunnerFailure("invalid-spec", null, `No ${CONFIG_PATH} in ${input.workdir}: run this from the repository's checkout, or pass --workdir.`, { cause: error });
  }
  const repository = input.repo ? parseRepository(input.repo) : repositoryFromRemote(await git(["remote", "get-url", "origin"]));
  if (!repository) {
    throw new RunnerFailure("invalid-spec", null, "Cannot tell the repository from the `origin` remote; pass --repo owner/name.");
  }
  const parsed = parseConfigText(text, repository.name);
  if (!parsed.ok) {
    const problems = parsed.problems.map((p) => `${p.line ? `line ${p.line}: ` : ""}${p.path || "(file)"}: ${p.message}`);
    throw new RunnerFailure("invalid-spec", null, `${CONFIG_PATH} is not valid: ${problems.join("; ")}.`);
  }
  const { config } = parsed;
  if (!isEnvironmentBranch(input.branch, config)) {
    throw new RunnerFailure("invalid-spec", null, `\`${input.branch}\` is not an environment branch: environment branches start with \`${config.branchPrefix}\`.`);
  }
  const derived = deriveEnvironment(input.branch, config, repository);
  if (!derived.ok) {
    const hint = derived.suggestion ? ` A branch like \`${derived.suggestion}\` would work.` : "";
    throw new RunnerFailure("invalid-spec", null, `The branch ${derived.reason}.${hint}`);
  }
  const sha = await git(["rev-parse", "HEAD"]);
  return renderSpec({ action: input.action, sha, environment: derived.environment, config, repository, nonce: "local" });
}

/** `owner/name` from a git remote URL (https, ssh or scp-like), or null when it has no such path. */
export function repositoryFromRemote(url: string): Repository | null {
  // A remote on disk says nothing about the GitHub repository; guessing would pick the wrong state.
  if (/^(\/|\.|file:|[A-Za-z]:\\)/.test(url.trim())) return null;
  const path = url
    .trim()
    .replace(/^[a-z+]+:\/\/[^/]+\//i, "")
    .replace(/^[^@/:]+@[^:]+:/, "")
    .replace(/\.git\/?$/, "")
    .replace(/\/+$/, "");
  const parts = path.split("/");
  if (parts.length < 2) return null;
  return parseRepository(parts.slice(-2).join("/"));
}

/** `owner/name` parsed, or null when it is not of that form. */
export function parseRepository(text: string): Repository | null {
  const match = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(text);
  return match ? { owner: match[1]!, name: match[2]! } : null;
}

/**
 * The default branch as the checkout's `origin/HEAD` names it, or null when the clone has not
 * recorded it (`git remote set-head origin --auto` records it).
 */
export async function readDefaultBranch(workdir: string): Promise<string | null> {
  const ref = await runGit(workdir, ["symbolic-ref", "--quiet", "refs/remotes/origin/HEAD"]).catch(() => null);
  return ref?.startsWith("refs/remotes/origin/") ? ref.slice("refs/remotes/origin/".length) : null;
}

async function runGit(workdir: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await execFileAsync("git", args, { cwd: workdir, encoding: "utf8" });
    return stdout.trim();
  } catch (error) {
    throw new RunnerFailure("invalid-spec", null, `\`git ${args.join(" ")}\` failed in ${workdir}; is it a git checkout?`, { cause: error });
  }
}
