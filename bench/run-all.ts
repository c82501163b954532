/**
 * `npm run bench`: every benchmark, one after another, each printing its own figures. Nothing is
 * asserted; targets are printed beside the figures so a reader can judge them.
 */
import { benchParseCommands } from "./parse-commands.js";
import { benchPlanSummary } from "./plan-summary.js";
import { benchRunnerOverhead } from "./runner-overhead.js";

const benches: Array<[string, () => Promise<void>]> = [
  ["runner overhead on plan and apply", benchRunnerOverhead],
  ["plan summary of 20,000 changes", benchPlanSummary],
  ["/envbranch command parsing of 1 MB comments", async () => benchParseCommands()],
];

for (const [name, bench] of benches) {
  console.log(`\n=== ${name} ===`);
  await bench();
}
