import { afterAll, describe, it } from "vitest";
import type { MockGitHub } from "../../support/github/mock-github.js";
import type { TestProbot } from "../../support/github/test-probot.js";
import type { RepoFake } from "../../support/repo-fake.js";
import { runPersistentFault, runTransientFaults, type FaultFlow } from "./fault-scenario.js";
import { FaultTally } from "./fault-tally.js";
import { GITHUB_FAULTS } from "./github-faults.js";

/**
 * Puts every call of a flow through every GitHub fault class: per class, one delivery in which each
 * call fails once, and one delivery per call in which that call keeps failing. Prints the summary
 * line of each class when the file is done. `current` gives the test's fresh fake and app.
 */
export function describeFaultMatrix(label: string, flow: () => FaultFlow, current: () => { gh: MockGitHub; fake: RepoFake; app: TestProbot }): void {
  const positions = flow().steps.map((_, index) => index);
  const tally = new FaultTally(label, positions.length);
  afterAll(() => tally.print());
  describe.each(GITHUB_FAULTS)(`GitHub $name on ${label}`, (fault) => {
    it("every call failing once is retried, and the flow dispatches once", async () => {
      await runTransientFaults({ ...current(), flow: flow(), fault, tally });
    });
    it.each(positions)("call %i failing persistently is tried a bounded number of times, then reported", async (position) => {
      await runPersistentFault({ ...current(), flow: flow(), fault, tally, position });
    });
  });
}
