/**
 * Regenerates test/fixtures/actions/action-inputs.json: for every third-party action the workflow
 * templates `uses:`, the inputs its own `action.yml` declares at that tag, which are required, and
 * what it runs on. The workflow tests check every `with:` against it, so a renamed or removed input
 * fails a test here rather than a user's first run.
 *
 *   npx tsx scripts/extract-action-inputs.ts MIRRORS_DIR
 *
 * MIRRORS_DIR holds bare git repositories of the actions as `<owner>+<name>/repo` (the search
 * tool's `fetch github:<owner>/<name>` puts them in /work/.mirror), matched case-insensitively.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

const TEMPLATES = new URL("../workflows-templates/", import.meta.url);
const FIXTURE = new URL("../test/fixtures/actions/action-inputs.json", import.meta.url);

interface ActionYml {
  inputs?: Record<string, { required?: boolean; default?: unknown; deprecationMessage?: string }>;
  runs?: { using?: string };
}

const mirrors = process.argv[2];
if (!mirrors) throw new Error("usage: npx tsx scripts/extract-action-inputs.ts MIRRORS_DIR");
const known = readdirSync(mirrors);

const uses = new Set<string>();
for (const file of readdirSync(TEMPLATES).filter((f) => /\.ya?ml$/.test(f))) {
  for (const match of readFileSync(new URL(file, TEMPLATES), "utf8").matchAll(/^\s*(?:-\s+)?uses:\s*([\w.-]+\/[\w.-]+(?:\/[\w.-]+)?@v[\d.]+)\s*$/gm)) uses.add(match[1]!);
}

const fixture: Record<string, { tag: string; commit: string; using: string; inputs: string[]; required: string[] }> = {};
for (const use of [...uses].sort()) {
  const [path, tag] = use.split("@") as [string, string];
  const [owner, name, ...sub] = path.split("/");
  const dir = known.find((d) => d.toLowerCase() === `${owner}+${name}`.toLowerCase());
  if (!dir) throw new Error(`no mirror of ${owner}/${name} in ${mirrors}: fetch github:${owner}/${name}`);
  const git = (...args: string[]) => execFileSync("git", ["--git-dir", join(mirrors, dir, "repo"), ...args], { encoding: "utf8" });
  const commit = git("rev-list", "-n", "1", tag).trim();
  const metadataPath = [...sub, "action.yml"].join("/");
  const action = parse(git("show", `${commit}:${metadataPath}`)) as ActionYml;
  const inputs = Object.entries(action.inputs ?? {});
  fixture[use] = {
    tag,
    commit,
    using: action.runs?.using ?? "unknown",
    inputs: inputs.map(([key]) => key).sort(),
    required: inputs.filter(([, input]) => input.required === true && input.default === undefined).map(([key]) => key).sort(),
  };
}
writeFileSync(FIXTURE, `${JSON.stringify(fixture, null, 2)}\n`);
console.log(`wrote ${Object.keys(fixture).length} actions to ${FIXTURE.pathname}`);
