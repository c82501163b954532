import { resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { PACKAGE_VERSION } from "../package-version.js";
import { canonicalJson } from "../spec/canonical-json.js";
import type { Action, Spec } from "../spec/spec-schema.js";
import { buildResult } from "./build-result.js";
import type { Cancellation } from "./cancel-run.js";
import { EXIT_CODES, EXIT_OK } from "./exit-codes.js";
import { failureOf } from "./failure-of.js";
import { loadSpec } from "./load-spec.js";
import { parseCommandLine, USAGE, type RecoverCommand, type RenderCommand, type RunCommand } from "./parse-args.js";
import { emptyFindings } from "./run-context.js";
import { createRunContext, runAction } from "./run-action.js";
import type { RunnerLog } from "./run-terraform.js";
import { writeResult } from "./write-result.js";

/** What the command line touches of its process: passed in so tests can run it in-process. */
export interface CliIo {
  env: Record<string, string | undefined>;
  cwd: string;
  /** Read only by `summarize -`; none reads as empty. */
  stdin?: AsyncIterable<Uint8Array>;
  stdout(text: string): void;
  stderr(text: string): void;
  /**
   * Starts turning the process's SIGINT/SIGTERM into a cancellation (see cancel-run.ts), for the
   * commands that run Terraform; without it they cannot be cancelled gracefully.
   */
  listenForCancel?(log: (line: string) => void): { cancellation: Cancellation; uninstall(): void };
}

/** Runs the `envbranch` command line and returns the process exit code (see exit-codes.ts). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandLine(argv);
  if (!parsed.ok) {
    io.stderr(`envbranch: ${parsed.message}\n\n${USAGE}\n`);
    return EXIT_CODES.usage;
  }
  const { command } = parsed;
  switch (command.kind) {
    case "help":
      io.stdout(`${USAGE}\n`);
      return EXIT_OK;
    case "version":
      io.stdout(`${PACKAGE_VERSION}\n`);
      return EXIT_OK;
    case "render":
      return render(command, io);
    case "run":
      return run(command, io);
    case "recover":
      return recover(command, io);
    case "init": {
      // Loaded on demand: only init reads the templates and walks the checkout.
      const { initCheckout } = await import("./init-checkout.js");
      return initCheckout(command, io);
    }
    case "summarize": {
      // Loaded on demand: that module reads `process.stdin` as it loads, and no other command should open it.
      const { summarizeCommand } = await import("../plan/summarize-command.js");
      return summarizeCommand(command.argv, { stdin: io.stdin ?? noInput(), stdout: io.stdout, stderr: io.stderr });
    }
  }
}

async function* noInput(): AsyncGenerator<Uint8Array> {}

async function render(command: RenderCommand, io: CliIo): Promise<number> {
  try {
    const workdir = resolve(io.cwd, command.workdir);
    const { deriveLocalSpec } = await import("./local-spec.js");
    const spec = await deriveLocalSpec({ workdir, branch: command.branch, action: command.action, ...(command.repo ? { repo: command.repo } : {}) });
    io.stdout(`${canonicalJson(spec)}\n`);
    return EXIT_OK;
  } catch (error) {
    const failure = failureOf(error);
    io.stderr(`envbranch: ${failure.explanation}\n`);
    return EXIT_CODES[failure.kind];
  }
}

async function run(command: RunCommand, io: CliIo): Promise<number> {
  const startedAt = new Date();
  const startedMs = performance.now();
  const log = logTo(io);
  const outDir = resolve(io.cwd, command.outDir);
  const workdir = resolve(io.cwd, command.workdir);
  let spec: Spec;
  try {
    spec = await specOf(command, command.action ?? "plan", io);
  } catch (error) {
    // Still leave a result: the app learns why a dispatched run did nothing (e.g. a spec version it does not speak).
    const failure = failureOf(error);
    log.info(failure.explanation);
    const result = buildResult({
      action: command.action,
      spec: null,
      findings: emptyFindings(),
      steps: [],
      failure,
      startedAt,
      finishedAt: new Date(),
      totalMs: performance.now() - startedMs,
    });
    await writeResult(result, outDir, io.env);
    return result.exitCode;
  }
  const action = command.action ?? spec.action;
  const listening = io.listenForCancel?.(log.info);
  try {
    const cancel = listening?.cancellation;
    const result = await runAction({ spec, action, workdir, outDir, lockTimeout: command.lockTimeout, env: io.env, log, startedAt, startedMs, ...(cancel ? { cancel } : {}) });
    await writeResult(result, outDir, io.env);
    return result.exitCode;
  } finally {
    listening?.uninstall();
  }
}

/** The spec from `--spec`, `ENVBRANCH_SPEC`, or (local mode, `--branch`) the checkout's config. */
async function specOf(command: RunCommand | RecoverCommand, localAction: Action, io: CliIo): Promise<Spec> {
  // Local mode only: the config parser (yaml, picomatch) is not worth loading for a dispatched run.
  if (!command.branch) return loadSpec(command.specFile ? resolve(io.cwd, command.specFile) : undefined, io.env);
  const { deriveLocalSpec } = await import("./local-spec.js");
  return deriveLocalSpec({ workdir: resolve(io.cwd, command.workdir), branch: command.branch, action: localAction, ...(command.repo ? { repo: command.repo } : {}) });
}

/** `envbranch state recover`: no result file, the outcome is the exit code and what it prints. */
async function recover(command: RecoverCommand, io: CliIo): Promise<number> {
  const log = logTo(io);
  const workdir = resolve(io.cwd, command.workdir);
  try {
    const spec = await specOf(command, "apply", io);
    const { recoverState } = await import("./recover-state.js");
    // The out directory is unused: recover writes nothing but the state blob.
    const ctx = createRunContext({ spec, action: "apply", workdir, outDir: workdir, lockTimeout: command.lockTimeout, env: io.env, log }, emptyFindings());
    await recoverState(ctx, workdir, resolve(io.cwd, command.erroredState));
    return EXIT_OK;
  } catch (error) {
    const failure = failureOf(error);
    io.stderr(`envbranch: ${failure.explanation}\n`);
    return EXIT_CODES[failure.kind];
  }
}

function logTo(io: CliIo): RunnerLog {
  return {
    info: (line) => io.stdout(`envbranch: ${line}\n`),
    out: (line) => io.stdout(`${line}\n`),
    err: (line) => io.stderr(`${line}\n`),
  };
}
