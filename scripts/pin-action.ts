/**
 * Re-pins the envbranch action in the workflow templates: every `uses: <owner>/envbranch@<ref>` line
 * (and `uses: <repo>@<ref>` for the repository given) in workflows-templates/*.yml is rewritten to
 * `uses: <repo>@<full-length commit SHA>`. A SHA, not a tag or a branch: a tag can be moved to other
 * code, and the action runs where the Azure login and `id-token: write` are.
 *
 *     npm run pin-action -- [--repo owner/name] [--ref <40-hex sha>] [--dir workflows-templates]
 *
 * Defaults: envbranch/envbranch and `git rev-parse HEAD`. The commit must have an action.yml in this clone.
 */
import { execFileSync } from "node:child_process";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
export const DEFAULT_ACTION_REPO = "envbranch/envbranch";
const REPO = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const FULL_SHA = /^[0-9a-f]{40}$/;

/** A `uses:` line, as a step's first key (`- uses:`) or a later one, optionally quoted, with any trailing comment. */
const USES_LINE = /^(\s*(?:-\s+)?uses:\s*)(["']?)([A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+)@([^\s"'#]+)\2(.*)$/;

/** The text with every envbranch `uses:` line pinned to `repo@ref`, and how many lines that was. */
export function pinActionLines(text: string, repo: string, ref: string): { text: string; pinned: number } {
  let pinned = 0;
  const lines = text.split("\n").map((line) => {
    const match = USES_LINE.exec(line);
    if (!match) return line;
    const [, lead, quote, action, , tail] = match;
    if (!action || (!/\/envbranch$/.test(action) && action !== repo)) return line;
    pinned++;
    return `${lead}${quote}${repo}@${ref}${quote}${tail}`;
  });
  return { text: lines.join("\n"), pinned };
}

export interface PinOptions {
  repo: string;
  ref: string;
  /** The folder of workflow templates. */
  dir: string;
  /** The clone the ref is looked up in. */
  gitDir: string;
}

/** Rewrites the templates; throws, changing nothing, when the options are wrong or no line names the action. */
export async function pinAction(options: PinOptions): Promise<Array<{ file: string; pinned: number }>> {
  if (!REPO.test(options.repo)) throw new Error(`--repo must be owner/name, not "${options.repo}"`);
  if (!FULL_SHA.test(options.ref)) {
    throw new Error(`--ref must be a full-length commit SHA (40 lowercase hex characters), not "${options.ref}": a tag or a branch can be moved to other code`);
  }
  if (!hasActionYml(options.gitDir, options.ref)) {
    throw new Error(`commit ${options.ref} has no action.yml in ${options.gitDir} (or is not in this clone): pin a commit that has the action`);
  }
  const files = (await readdir(options.dir)).filter((name) => /\.ya?ml$/.test(name)).sort();
  const rewritten = await Promise.all(
    files.map(async (name) => {
      const file = join(options.dir, name);
      return { file, ...pinActionLines(await readFile(file, "utf8"), options.repo, options.ref) };
    }),
  );
  if (!rewritten.some((r) => r.pinned > 0)) throw new Error(`no \`uses: <owner>/envbranch@<ref>\` line in ${options.dir}/*.yml`);
  for (const r of rewritten) if (r.pinned > 0) await writeFile(r.file, r.text);
  return rewritten.map(({ file, pinned }) => ({ file, pinned }));
}

function hasActionYml(gitDir: string, ref: string): boolean {
  try {
    execFileSync("git", ["cat-file", "-e", `${ref}:action.yml`], { cwd: gitDir, stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { repo: { type: "string" }, ref: { type: "string" }, dir: { type: "string" } }, strict: true });
  const ref = values.ref ?? execFileSync("git", ["rev-parse", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
  const repo = values.repo ?? DEFAULT_ACTION_REPO;
  for (const { file, pinned } of await pinAction({ repo, ref, dir: resolve(values.dir ?? join(ROOT, "workflows-templates")), gitDir: ROOT })) {
    console.log(`${file}: ${pinned} line${pinned === 1 ? "" : "s"} pinned to ${repo}@${ref}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    await main(process.argv.slice(2));
  } catch (error) {
    console.error(`pin-action: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
