import { describe } from "../errors/describe-error.js";
import { DOCTOR_CHECKS } from "./doctor-checks.js";
import type { DoctorTarget } from "./doctor-target.js";
import { redactSecrets } from "./format-findings.js";
import { createFactSource, type DoctorDeps } from "./gather/fact-source.js";
import { undecided, type CheckName, type Finding } from "./finding.js";

export interface DoctorOptions {
  /** The checks to run; all when absent. */
  checks?: readonly CheckName[];
  /** Every check is over by then: what has not answered is reported as not known. */
  timeoutMs: number;
}

/**
 * Runs the checks side by side and returns their findings in the order of DOCTOR_CHECKS. Never
 * throws: a check that fails to gather, or outlasts the time-out, gives one `unknown` finding.
 */
export async function runDoctor(target: DoctorTarget, deps: DoctorDeps, options: DoctorOptions): Promise<Finding[]> {
  const controller = new AbortController();
  const facts = createFactSource(target, deps, controller.signal);
  const checks = DOCTOR_CHECKS.filter((check) => !options.checks || options.checks.includes(check.name));
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<"timed-out">((resolve) => {
    timer = setTimeout(() => resolve("timed-out"), options.timeoutMs);
  });
  try {
    const results = await Promise.all(
      checks.map(async (check) => {
        try {
          const outcome = await Promise.race([check.run(target, facts), deadline]);
          if (outcome === "timed-out") return [undecided(check.name, check.label, `no answer within ${seconds(options.timeoutMs)}.`)];
          return outcome;
        } catch (error) {
          return [undecided(check.name, check.label, `could not check: ${redactSecrets(describe(error))}.`)];
        }
      }),
    );
    return results.flat();
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

function seconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)}s` : `${ms}ms`;
}
