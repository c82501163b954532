import { constants } from "node:os";
import { performance } from "node:perf_hooks";
import { NEVER_CANCELLED, type Cancellation } from "./cancel-run.js";
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
  /** Capture stdout without echoing it: for `output -json`, whose values may be secret. */
  quietStdout?: boolean;
  /**
   * Write stdout to this file instead, neither echoed nor held in memory: `show -json` of a large plan
   * runs to hundreds of megabytes, and its values may be secret. `stdout` of the outcome is then empty.
   */
  stdoutFile?: string;
  /** When requested, terraform is sent one SIGINT and waited for; see cancel-run.ts. */
  cancel?: Cancellation;
}

export interface TerraformOutcome {
  /** Terraform's exit code; 128 + the signal's number when a signal killed it, as a shell reports it. */
  exitCode: number;
  /** The signal that killed terraform (SIGKILL from the OOM killer, say), or null when it exited. */
  signal: NodeJS.Signals | null;
  /** Whether the run was cancelled while this command ran, so terraform was asked to stop. */
  cancelled: boolean;
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
 * line to the log as it comes while capturing it for the caller. A non-zero exit, or death by a
 * signal, is an outcome, not an error; only a missing executable throws.
 *
 * Terraform runs in a process group of its own, so a Ctrl-C in a terminal (which signals the whole
 * foreground group) reaches it once, through the runner, and not twice: a second interrupt makes
 * Terraform exit at once without saving state. A cancellation never escalates to SIGKILL: that is what
 * loses state and keeps the lease.
 */
export async function runTerraform(call: TerraformCall): Promise<TerraformOutcome> {
  const { log } = call;
  const started = performance.now();
  let cancelled = false;
  const child = runChild(call.binary, call.args, {
    cwd: call.cwd,
    env: call.env,
    detached: true,
    ...(call.stdoutFile ? { stdoutFile: call.stdoutFile } : call.quietStdout ? {} : { onStdoutLine: (line: string) => log.out(line) }),
    onStderrLine: (line) => log.err(line),
    // Only `output -json` and diagnostics are captured; plan JSON goes to a file.
    maxBuffer: 64 * 1024 * 1024,
  });
  const unsubscribe = (call.cancel ?? NEVER_CANCELLED).onRequest(() => {
    cancelled = true;
    child.kill("SIGINT");
  });
  const result = await child.outcome.finally(unsubscribe);
  const durationMs = performance.now() - started;
  if (result.exitCode === null && !result.signal) {
    if (result.error?.code === "ENOENT") throw new TerraformNotFoundError(call.binary, { cause: result.error });
    throw new Error(`terraform ${call.args[0] ?? ""} could not run: ${result.error?.message ?? "unknown"}`, { cause: result.error ?? undefined });
  }
  const exitCode = result.exitCode ?? 128 + (result.signal ? constants.signals[result.signal] : 0);
  return { exitCode, signal: result.signal, cancelled, stdout: result.stdout, stderr: result.stderr, durationMs };
}
