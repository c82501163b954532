import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";
import base from "./vitest.config.js";

// The suites Stryker runs against each mutant: the unit, integration and runner suites that reach the
// guard modules through the handlers and the command line in-process, plus the one fault test of the
// state archive. Left out because each mutant would cost them seconds to minutes, not because they
// cover a guard the suites below do not: the Terraform suites, e2e, bursts, the other fault tests and
// the hostile suites over HTTP. Built from the base config's settings (not mergeConfig, which would
// append to `include` rather than replace it).

/** The folders from the quickest suites to the slowest; Stryker stops a mutant at its first failing test. */
const QUICKEST_FIRST = ["test/unit/", "test/plan/", "test/runner/", "test/integration/", "test/faults/"];

/**
 * Runs the unit suites before the handler and Azurite suites. Vitest's own order puts the slowest
 * files first, so a mutant a unit test kills in milliseconds first waited for every integration file
 * covering it; a surviving mutant runs them all either way.
 */
class QuickestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const index = QUICKEST_FIRST.findIndex((folder) => file.moduleId.includes(`/${folder}`));
      return index < 0 ? QUICKEST_FIRST.length : index;
    };
    return [...files].sort((a, b) => rank(a) - rank(b) || a.moduleId.localeCompare(b.moduleId));
  }
}

export default defineConfig({
  test: {
    ...base.test,
    include: ["test/unit/**/*.test.ts", "test/integration/**/*.test.ts", "test/runner/**/*.test.ts", "test/plan/**/*.test.ts", "test/faults/archive-corruption.test.ts"],
    exclude: ["test/runner/runner-e2e.test.ts", "test/plan/summarize-terraform.test.ts", "**/node_modules/**"],
    sequence: { sequencer: QuickestFirst },
  },
});
