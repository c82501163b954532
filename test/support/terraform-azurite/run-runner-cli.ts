import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { parseResult, type RunResult } from "../../../app/runner/result-schema.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
/** The built `envbranch` command, as the package's bin runs it. */
export const RUNNER_CLI = join(ROOT, "dist/app/runner/cli.js");

/**
 * Makes sure dist/ holds a build of the current sources, running the project's build (tsc) when
 * any file under app/ is newer than the built CLI. tsc still emits when files outside the runner
 * have type errors; only a missing CLI afterwards is an error here.
 */
export async function ensureRunnerBuilt(): Promise<void> {
  const built = await stat(RUNNER_CLI).then((s) => s.mtimeMs, () => 0);
  if (built > 0 && (await newestSource(join(ROOT, "app"))) <= built) return;
  const tsc = await execa(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", join(ROOT, "tsconfig.json")], { reject: false, cwd: ROOT });
  if ((await stat(RUNNER_CLI).then((s) => s.mtimeMs, () => 0)) <= built) {
    throw new Error(`building the runner failed (npm run build):\n${tsc.stdout}\n${tsc.stderr}`);
  }
}

export interface RunnerRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** From spawning node to its exit. */
  wallMs: number;
  /** `result.json` from the out directory, validated; null when the runner wrote none. */
  result: RunResult | null;
}

export interface RunnerOptions {
  cwd: string;
  env: Record<string, string>;
  /** Passed as `--out`; leave it out for commands that write no result (`state recover`). */
  out?: string;
}

/** Runs `node dist/app/runner/cli.js ARGS [--out OUT]` in `cwd` with exactly `env`. */
export async function runRunnerCli(args: readonly string[], options: RunnerOptions): Promise<RunnerRun> {
  return startRunnerCli(args, options).done;
}

/** A runner process still running: signal it by `pid`, wait for a line of its output, await `done`. */
export interface StartedRunner {
  pid: number;
  /** Resolves when stdout has printed a line matching `pattern`; rejects if the runner exits first. */
  printed(pattern: RegExp): Promise<void>;
  done: Promise<RunnerRun>;
}

/** Starts the runner as `runRunnerCli` does, without waiting for it. */
export function startRunnerCli(args: readonly string[], options: RunnerOptions): StartedRunner {
  const started = performance.now();
  const { out } = options;
  const child = execa(process.execPath, [RUNNER_CLI, ...args, ...(out ? ["--out", out] : [])], {
    cwd: options.cwd,
    env: options.env,
    extendEnv: false,
    reject: false,
    stdin: "ignore",
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const done = (async (): Promise<RunnerRun> => {
    const finished = await child;
    const wallMs = performance.now() - started;
    const text = out ? await readFile(join(out, "result.json"), "utf8").catch(() => null) : null;
    return { exitCode: finished.exitCode ?? -1, stdout: finished.stdout, stderr: finished.stderr, wallMs, result: text === null ? null : parseResult(text) };
  })();
  const printed = (pattern: RegExp) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!pattern.test(output)) return false;
        child.stdout.off("data", check);
        resolve();
        return true;
      };
      if (check()) return;
      child.stdout.on("data", check);
      void done.then(() => check() || reject(new Error(`the runner exited before printing ${pattern}:\n${output}`)));
    });
  return { pid: child.pid!, printed, done };
}

async function newestSource(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".ts")) continue;
    newest = Math.max(newest, (await stat(join(entry.parentPath, entry.name))).mtimeMs);
  }
  return newest;
}
