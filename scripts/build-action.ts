import { readFile } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build, type Plugin } from "esbuild";

/** The repository's root; esbuild resolves and names every input relative to it, whatever the output's path. */
const ROOT = fileURLToPath(new URL("../", import.meta.url));
/** The action's entry, and where action.yml runs it from. */
export const ACTION_ENTRY = "app/runner/action-main.ts";
export const ACTION_BUNDLE = fileURLToPath(new URL("../action/index.mjs", import.meta.url));

const BANNER = [
  "// The envbranch GitHub Action (action.yml), built by `npm run build:action` (scripts/build-action.ts)",
  `// from ${ACTION_ENTRY}. Do not edit: a test checks this file equals a fresh build.`,
  // CommonJS dependencies call require() for Node's built-ins; an ES module has no require of its own.
  'import { createRequire as __envbranchCreateRequire } from "node:module";',
  "const require = __envbranchCreateRequire(import.meta.url);",
].join("\n");

/**
 * Bundles the action's entry and everything it imports into one ES module, as GitHub runs a
 * JavaScript action: from the repository, with no node_modules. Deterministic: the same sources
 * give the same bytes (no source map, no absolute paths, no timestamps). Target node20, so it runs
 * on these machines' Node 20 and on GitHub's node24.
 */
export async function buildActionBundle(outfile: string = ACTION_BUNDLE): Promise<void> {
  await build({
    absWorkingDir: ROOT,
    entryPoints: [ACTION_ENTRY],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    minify: true,
    legalComments: "eof",
    banner: { js: BANNER },
    plugins: [versionOnly()],
    logLevel: "warning",
  });
}

/**
 * package.json reduced to its version, which is all app/package-version.ts reads: the bundle then
 * changes when the version does, not when a script or a dependency range does.
 */
function versionOnly(): Plugin {
  return {
    name: "package-json-version-only",
    setup(pluginBuild) {
      pluginBuild.onLoad({ filter: /[\\/]package\.json$/ }, async (args) => {
        if (args.path !== fileURLToPath(new URL("../package.json", import.meta.url))) return undefined;
        const { version } = JSON.parse(await readFile(args.path, "utf8")) as { version: string };
        return { contents: JSON.stringify({ version }), loader: "json" };
      });
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildActionBundle();
}
