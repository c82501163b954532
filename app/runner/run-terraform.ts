import { performance } from "node:perf_hooks";
import { runChild } from "./run-child.js";

/** Where the runner's log goes. Terraform's stdout lines go to `out`, its stderr lines to `err`. */
export interface RunnerLog {
  /** The runner's own messages. */
  info(line: string): void;
  out(line: string): void;
  err(line: string): void;
}

export interface TerraformCall {
  /** The terraform executable: a name looked up on PATH, or a path. */
  binary: string;
  args: readonly string[];
  cwd: string;
  /** The complete environment of the child; nothing is inherited beyond it. */
  env: Record<string, string | undefined>;
  log: RunnerLog;
  /** Capture stdout without echoing it: for `show -json` and `output -json`, whose values may be secret. */
  quietStdout?: boolean;
}

export interface TerraformOutcome {
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
}

/** Thrown when the terraform executable cannot be started at all. */
export class TerraformNotFoundError extends Error {
  constructor(binary: string, options?: { cause?: unknown }) {
    super(`cannot run ${binary}: not found`, options);
    this.name = "TerraformNotFoundError";
  }
}

/**
 * Runs one terraform command with an argument array (never a shell), streaming its output line by
 * line to the log as it comes while capturing it for the caller. A non-zero exit is an outcome,
 * not an error; only a missing executable throws.
 */
export async function runTerraform(call: TerraformCall): Promise<TerraformOutcome> {
  const { log } = call;
  const started = performance.now();
  const result = await runChild(call.binary, call.args, {
    cwd: call.cwd,
    env: call.env,
    ...(call.quietStdout ? {} : { onStdoutLine: (line: string) => log.out(line) }),
    onStderrLine: (line) => log.err(line),
    // A large stack's plan JSON runs to tens of megabytes.
    maxBuffer: 512 * 1024 * 1024,
  }).outcome;
  const durationMs = performance.now() - started;
  if (result.exitCode === null) {
    if (result.error?.code === "ENOENT") throw new TerraformNotFoundError(call.binary, { cause: result.error });
    const why = result.error?.message ?? `it was killed by ${result.signal}`;
    throw new Error(`terraform ${call.args[0] ?? ""} could not run: ${why}`, { cause: result.error ?? undefined });
  }
  return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr, durationMs };
}
