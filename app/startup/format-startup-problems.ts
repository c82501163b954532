import type { Problem } from "./startup-facts.js";

/** The exit status of a refused start: EX_CONFIG from sysexits.h, "configuration error". */
export const EXIT_CONFIG = 78;

/** The one message that lists every problem, each with its fix, for stderr. */
export function formatStartupProblems(problems: readonly Problem[]): string {
  const lines = problems.map((problem) => `  - ${problem.message}\n    fix: ${problem.fix}`);
  const count = problems.length === 1 ? "1 setting needs" : `${problems.length} settings need`;
  return `envbranch did not start: ${count} fixing.\n${lines.join("\n")}\n`;
}
