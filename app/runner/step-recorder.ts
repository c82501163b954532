import { performance } from "node:perf_hooks";
import type { Cancellation } from "./cancel-run.js";
import { explainFailure } from "./explain-failure.js";
import type { StepName, StepRecord } from "./result-schema.js";
import { RunnerFailure } from "./runner-failure.js";
import { runTerraform, TerraformNotFoundError, type RunnerLog, type TerraformOutcome } from "./run-terraform.js";

export interface StepRecorderOptions {
  binary: string;
  cwd: string;
  env: Record<string, string | undefined>;
  log: RunnerLog;
  cancel?: Cancellation;
}

/** Runs the steps of one invocation and remembers each one's exit code and duration for the result. */
export interface StepRecorder {
  readonly steps: readonly StepRecord[];
  terraform(name: StepName, args: readonly string[], options?: { quietStdout?: boolean; stdoutFile?: string; attempt?: number }): Promise<TerraformOutcome>;
  storage<T>(name: StepName, work: () => Promise<T>): Promise<T>;
}

/**
 * A recorder that runs terraform with these options; a missing terraform becomes its own failure.
 * Once the run is cancelled it starts no further step: the failure names the step that ran last.
 */
export function createStepRecorder(options: StepRecorderOptions): StepRecorder {
  const steps: StepRecord[] = [];
  const refuseWhenCancelled = () => {
    const signal = options.cancel?.requestedBy;
    if (!signal) return;
    const step = steps.at(-1)?.name ?? null;
    throw new RunnerFailure("cancelled", step, explainFailure("cancelled", { signal, step }));
  };
  return {
    steps,
    async terraform(name, args, { quietStdout = false, stdoutFile, attempt = 1 } = {}) {
      refuseWhenCancelled();
      options.log.info(`$ terraform ${args.join(" ")}`);
      let outcome: TerraformOutcome;
      try {
        outcome = await runTerraform({ ...options, args, quietStdout, ...(stdoutFile ? { stdoutFile } : {}) });
      } catch (error) {
        if (error instanceof TerraformNotFoundError) {
          throw new RunnerFailure("terraform-missing", name, explainFailure("terraform-missing", {}), { cause: error });
        }
        throw error;
      }
      steps.push({ name, kind: "terraform", exitCode: outcome.exitCode, durationMs: round(outcome.durationMs), attempt });
      return outcome;
    },
    async storage(name, work) {
      refuseWhenCancelled();
      const started = performance.now();
      let exitCode = 1;
      try {
        const value = await work();
        exitCode = 0;
        return value;
      } finally {
        steps.push({ name, kind: "storage", exitCode, durationMs: round(performance.now() - started), attempt: 1 });
      }
    },
  };
}

/** Durations in the result are whole-ish milliseconds; sub-millisecond digits are noise. */
function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
