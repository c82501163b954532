import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { finished } from "node:stream/promises";
import { StringDecoder } from "node:string_decoder";
import type { Readable } from "node:stream";

/**
 * How a child process ended. `exitCode` is null when it never ran (`error` says why: ENOENT for a
 * missing executable) or was ended by a signal (`signal`).
 */
export interface ChildOutcome {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Why the process could not be started, or its output had to be cut off. */
  error: (Error & { code?: string }) | null;
  stdout: string;
  stderr: string;
}

export interface ChildOptions {
  cwd: string;
  /** The child's whole environment: nothing else is inherited. */
  env: Record<string, string | undefined>;
  /** Called with each line of output as it comes, without its line ending. */
  onStdoutLine?: (line: string) => void;
  onStderrLine?: (line: string) => void;
  /** Stdout goes to this file instead of memory (and no line callback): output too large, or too secret, to hold. */
  stdoutFile?: string;
  /** Its own process group, so that `process.kill(-pid)` ends it and every helper it started. */
  detached?: boolean;
  /** Characters kept of each stream; past it the child is killed and `error` says so. */
  maxBuffer?: number;
}

/** A started child: its pid (undefined when it could not start), how it ends (never rejects), and a way to signal it. */
export interface RunningChild {
  pid: number | undefined;
  outcome: Promise<ChildOutcome>;
  kill(signal: NodeJS.Signals): void;
}

const DEFAULT_MAX_BUFFER = 64 * 1024 * 1024;

/**
 * Runs an executable with an argument array, never through a shell, with standard input closed.
 * Both streams are captured whole (without a final line ending) and, line by line, handed to the
 * callbacks. node:child_process rather than execa: it is all the runner needs, and execa's load
 * time was a third of the action's start-up (bench/runner-overhead.ts).
 */
export function runChild(file: string, args: readonly string[], options: ChildOptions): RunningChild {
  const maxBuffer = options.maxBuffer ?? DEFAULT_MAX_BUFFER;
  const child = spawn(file, [...args], { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"], detached: options.detached ?? false, shell: false });
  let error: ChildOutcome["error"] = null;
  const overflow = (name: string) => {
    error ??= new Error(`${file}'s ${name} exceeded ${maxBuffer} characters`);
    child.kill("SIGKILL");
  };
  const toFile = options.stdoutFile ? child.stdout.pipe(createWriteStream(options.stdoutFile)) : null;
  const stdout = toFile ? { text: () => "" } : collect(child.stdout, options.onStdoutLine, maxBuffer, () => overflow("stdout"));
  const stderr = collect(child.stderr, options.onStderrLine, maxBuffer, () => overflow("stderr"));
  const closed = new Promise<ChildOutcome>((resolve) => {
    child.once("error", (spawnError) => {
      error ??= spawnError;
    });
    // "close" comes after "exit" and after both streams ended, also when the process failed to start.
    child.once("close", (exitCode, signal) => {
      // A process that never started has no pid; Node still reports a (negative) code for it.
      resolve({ exitCode: child.pid === undefined ? null : exitCode, signal, error, stdout: stdout.text(), stderr: stderr.text() });
    });
  });
  // With a file, the outcome waits until the file holds everything the child wrote.
  const outcome = toFile
    ? closed.then(async (ended) => {
        await finished(toFile).catch((writeError: Error) => (error ??= writeError));
        return { ...ended, error };
      })
    : closed;
  return { pid: child.pid, outcome, kill: (signal) => child.kill(signal) };
}

/** Collects a stream as text and hands on complete lines as they arrive. */
function collect(stream: Readable, onLine: ((line: string) => void) | undefined, maxBuffer: number, onOverflow: () => void): { text(): string } {
  const decoder = new StringDecoder("utf8");
  let text = "";
  let pending = "";
  const emit = (chunk: string, final: boolean) => {
    if (text.length + chunk.length > maxBuffer) return onOverflow();
    text += chunk;
    if (!onLine) return;
    pending += chunk;
    const lines = pending.split("\n");
    pending = final ? "" : (lines.pop() ?? "");
    for (const line of final && lines.at(-1) === "" ? lines.slice(0, -1) : lines) onLine(line.endsWith("\r") ? line.slice(0, -1) : line);
  };
  stream.on("data", (chunk: Buffer) => emit(decoder.write(chunk), false));
  stream.on("end", () => emit(decoder.end(), true));
  return { text: () => text.replace(/\r?\n$/, "") };
}
