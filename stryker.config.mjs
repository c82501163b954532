// Mutation testing of the guard modules (issue 17): `npm run mutate`, then scripts/mutation-report.mjs
// prints the score per module. See README, "Mutation testing".
import { GUARD_MODULES } from "./scripts/guard-modules.mjs";

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  packageManager: "npm",
  testRunner: "vitest",
  // The fast suites only; the Terraform, e2e, fault and burst suites would make every mutant cost minutes.
  vitest: { configFile: "vitest.mutate.config.ts" },
  checkers: ["typescript"],
  // The build's tsconfig: mutants live in app/, and type-checking the tests too would double the checker's work.
  tsconfigFile: "tsconfig.json",
  coverageAnalysis: "perTest",
  // The machine's two cores are shared: one test runner, one checker.
  concurrency: 1,
  // The guard list lives in scripts/guard-modules.mjs, with the place for the start-up settings checks.
  mutate: GUARD_MODULES,
  // The incremental file is a cache of this checkout (gitignored under reports/): committed, it would
  // conflict between branches that run mutations in parallel and be stale after any change to app/ or test/.
  incremental: true,
  incrementalFile: "reports/stryker-incremental.json",
  reporters: ["clear-text", "progress-append-only", "json", "html"],
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  thresholds: { high: 95, low: 90, break: null },
  timeoutMS: 30_000,
  tempDirName: ".stryker-tmp",
  // The stacks link their shared modules folder (`modules -> ../modules`); Stryker copies a link to a
  // folder into the sandbox as a file and stops with EISDIR. The fast suites never read the stacks.
  ignorePatterns: ["/terraform-templates/*/modules"],
  cleanTempDir: "always",
};
