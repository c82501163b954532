import { existsSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { parseResult, type RunResult } from "../../../app/runner/result-schema.js";
import { readGithubOutput } from "../../runner/support/read-github-output.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/**
 * A copy of the action as GitHub checks it out for a `uses:` step: action.yml and the committed
 * bundle, in a fresh folder with no node_modules in it or in any folder above it, so a bare import
 * the bundle failed to include cannot be resolved from somewhere else.
 */
export async function copyActionToEmptyFolder(commit?: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "envbranch-action-"));
  for (let at = dir; ; at = dirname(at)) {
    if (existsSync(join(at, "node_modules"))) throw new Error(`${at} has a node_modules folder: the action's copy must have none above it`);
    if (dirname(at) === at) break;
  }
  await mkdir(join(dir, "action"));
  for (const file of ["action.yml", "action/index.mjs"]) {
    if (commit === undefined) await copyFile(join(ROOT, file), join(dir, file));
    else await writeFile(join(dir, file), await fileAtCommit(commit, file));
  }
  return dir;
}

/**
 * A file of this repository at a commit, as GitHub fetches an action pinned to it. A pin to a
 * commit this clone does not have (a fork's, or a placeholder) fails here, as it fails on GitHub.
 */
async function fileAtCommit(commit: string, path: string): Promise<Buffer> {
  if (!/^[0-9a-f]{40}$/.test(commit)) throw new Error(`the action is pinned to ${commit}, not a full-length commit SHA`);
  const shown = await execa("git", ["show", `${commit}:${path}`], { cwd: ROOT, encoding: "buffer", stripFinalNewline: false, reject: false });
  if (shown.exitCode !== 0) throw new Error(`the pinned commit ${commit} has no ${path} in this repository (${Buffer.from(shown.stderr).toString().trim()}): re-pin with npm run pin-action`);
  return Buffer.from(shown.stdout);
}

/**
 * The environment variable the Actions runner sets for an input of a JavaScript action, as
 * @actions/core's getInput reads it (actions/toolkit, packages/core/src/core.ts): `INPUT_`, the
 * name upper-cased, spaces as underscores, hyphens kept.
 */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, "_").toUpperCase()}`;
}

/** action.yml's defaults, as the runner fills them in for inputs a step does not give. */
export const INPUT_DEFAULTS = { "lock-timeout": "2m", "out-dir": ".envbranch", "working-directory": "." } as const;

export interface ActionRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** From spawning node to its exit. */
  wallMs: number;
  /** The result file in the workspace's out directory, validated; null when none was written. */
  result: RunResult | null;
  /** What the step wrote to $GITHUB_OUTPUT, read as the Actions runner reads it. */
  outputs: Array<[string, string]>;
}

export interface ActionStep {
  /** The action's folder (copyActionToEmptyFolder). */
  actionDir: string;
  /** GITHUB_WORKSPACE: the checkout, the runner's working directory. */
  workspace: string;
  /** The step's `with:`; action.yml's defaults fill in the rest. */
  inputs: Record<string, string>;
  /** The rest of the step's environment (PATH, GITHUB_*, ARM_*...). */
  env: Record<string, string>;
  /** The $GITHUB_OUTPUT file; appended to, as on GitHub. */
  outputFile: string;
}

/** Runs `node <action>/action/index.mjs` in the workspace with exactly the environment GitHub gives a node24 action's step. */
export async function runActionBundle(step: ActionStep): Promise<ActionRun> {
  const inputs = { ...INPUT_DEFAULTS, ...step.inputs };
  const env: Record<string, string> = {
    ...step.env,
    GITHUB_ACTIONS: "true",
    GITHUB_WORKSPACE: step.workspace,
    GITHUB_OUTPUT: step.outputFile,
    ...Object.fromEntries(Object.entries(inputs).map(([name, value]) => [inputVariable(name), value])),
  };
  const started = performance.now();
  const child = await execa(process.execPath, [join(step.actionDir, "action/index.mjs")], { cwd: step.workspace, env, extendEnv: false, reject: false, stdin: "ignore" });
  const wallMs = performance.now() - started;
  const resultText = await readFile(resolve(step.workspace, inputs["out-dir"], "result.json"), "utf8").catch(() => null);
  const outputText = await readFile(step.outputFile, "utf8").catch(() => "");
  return {
    exitCode: child.exitCode ?? -1,
    stdout: child.stdout,
    stderr: child.stderr,
    wallMs,
    result: resultText === null ? null : parseResult(resultText),
    outputs: readGithubOutput(outputText),
  };
}
