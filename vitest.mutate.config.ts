import { defineConfig } from "vitest/config";
import base from "./vitest.config.js";

// The suites Stryker runs against each mutant: the fast unit, integration, hostile and runner suites
// that reach the guard modules. The Terraform, end-to-end, fault and burst suites take minutes each;
// the guards they reach are covered by the suites below. Built from the base config's settings (not
// mergeConfig, which would append to `include` rather than replace it).
export default defineConfig({
  test: {
    ...base.test,
    include: ["test/unit/**/*.test.ts", "test/integration/**/*.test.ts", "test/hostile/**/*.test.ts", "test/runner/**/*.test.ts", "test/plan/**/*.test.ts"],
    exclude: ["test/runner/runner-e2e.test.ts", "test/plan/summarize-terraform.test.ts", "**/node_modules/**"],
  },
});
