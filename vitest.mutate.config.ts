import { defineConfig } from "vitest/config";
import base from "./vitest.config.js";

// The suites Stryker runs against each mutant: the unit, integration and runner suites that reach the
// guard modules through the handlers and the command line in-process, plus the one fault test of the
// state archive. Left out because each mutant would cost them seconds to minutes, not because they
// cover a guard the suites below do not: the Terraform suites, e2e, bursts, the other fault tests and
// the hostile suites over HTTP. Built from the base config's settings (not mergeConfig, which would
// append to `include` rather than replace it).
export default defineConfig({
  test: {
    ...base.test,
    include: ["test/unit/**/*.test.ts", "test/integration/**/*.test.ts", "test/runner/**/*.test.ts", "test/plan/**/*.test.ts", "test/faults/archive-corruption.test.ts"],
    exclude: ["test/runner/runner-e2e.test.ts", "test/plan/summarize-terraform.test.ts", "**/node_modules/**"],
  },
});
