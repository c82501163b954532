import { readFile } from "node:fs/promises";
import { relative, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build, type BuildOptions, type Plugin } from "esbuild";

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
  await build({ ...COMMON, entryPoints: [ACTION_ENTRY], outfile, format: "esm", banner: { js: BANNER }, plugins: [versionOnly(), englishOnly(), deferred()] });
}

/** What every build here shares: Node 20 and later, minified (less to read and compile: about 30 ms of CPU at each start). */
const COMMON = {
  absWorkingDir: ROOT,
  bundle: true,
  platform: "node",
  target: "node20",
  minify: true,
  legalComments: "eof",
  logLevel: "warning",
} as const satisfies BuildOptions;

/**
 * Modules the runner imports on demand whose code is too big to compile at every start: the
 * Azure SDK behind state-access.ts is more than half the bundle, and only unlock and destroy reach
 * it. V8 compiles (pre-parses) every function of a module as it loads, lazily run or not, and that
 * cost a plan or apply about 40 ms of CPU; a string is only scanned.
 */
const DEFERRED = new Set(["app/runner/state-access.ts"]);

/**
 * Each DEFERRED module becomes a string holding its own self-contained CommonJS bundle, compiled
 * with `new Function` when the module is first imported: still one file, and the code is this
 * build's own output, never text from outside. The module must not share classes with the rest
 * of the bundle (an `instanceof` across the two would fail): state-access.ts only returns a client.
 */
function deferred(): Plugin {
  return {
    name: "deferred-modules",
    setup(pluginBuild) {
      pluginBuild.onLoad({ filter: /\.ts$/ }, async (args) => {
        const entry = relative(ROOT, args.path).split(sep).join("/");
        if (!DEFERRED.has(entry)) return undefined;
        const [cjs, esm] = await Promise.all([
          // CommonJS has no import.meta: the SDK's `createRequire(import.meta.url)` gets the bundle's URL, as in the bundle itself.
          build({ ...COMMON, entryPoints: [entry], format: "cjs", write: false, define: { "import.meta.url": "importMetaUrl" } }),
          build({ ...COMMON, entryPoints: [entry], format: "esm", write: false, metafile: true, outdir: "deferred" }),
        ]);
        const names = Object.values(esm.metafile.outputs).flatMap((output) => output.exports);
        const source = `${cjs.outputFiles[0]!.text}//# sourceURL=envbranch-deferred:${entry}\n`;
        const contents = [
          'import { createRequire } from "node:module";',
          "const deferred = { exports: {} };",
          `new Function("module", "exports", "require", "importMetaUrl", ${JSON.stringify(source)})(deferred, deferred.exports, createRequire(import.meta.url), import.meta.url);`,
          ...names.map((name) => `export const ${name} = deferred.exports.${name};`),
        ].join("\n");
        return { contents, loader: "js", resolveDir: ROOT };
      });
    },
  };
}

/**
 * zod's translations of its error messages into 48 languages, left out: they were a third of zod in
 * the bundle, and the runner, like the app, reports in English (zod's default, which its schemas
 * module imports from locales/en.js directly). Only the `locales` namespace, which no code of ours
 * reads, is emptied.
 */
function englishOnly(): Plugin {
  return {
    name: "zod-english-only",
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
        /[\\/]node_modules[\\/]zod[\\/]v4[\\/]/.test(args.importer) ? { path: "zod-locales", namespace: "zod-english-only" } : undefined,
      );
      pluginBuild.onLoad({ filter: /.*/, namespace: "zod-english-only" }, () => ({ contents: "export {};", loader: "js" }));
    },
  };
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
