/**
 * `npm run bench`: every benchmark, one after another, each printing its own figures. Nothing is
 * asserted; targets are printed beside the figures so a reader can judge them.
 */
import { benchApiCalls } from "./api-calls.js";
import { benchConcurrentRedelivery } from "./concurrent-redelivery-repeat.js";
import { benchParseCommands } from "./parse-commands.js";
import { benchHugePlanSummary, benchPlanSummary } from "./plan-summary.js";
import { benchRunnerOverhead } from "./runner-overhead.js";
import { benchWebhookThroughput } from "./webhook-throughput.js";

const benches: Array<[string, () => Promise<void>]> = [
  ["runner overhead on plan and apply", benchRunnerOverhead],
  ["plan summary of 20,000 changes", benchPlanSummary],
  ["plan summary of a 500 MB plan JSON, as the runner streams it", benchHugePlanSummary],
  ["/envbranch command parsing of 1 MB comments", async () => benchParseCommands()],
  ["webhook throughput and latency against a bare Probot app", benchWebhookThroughput],
  ["GitHub API calls per flow against the minimum", benchApiCalls],
  ["one push delivered twice at once, 50 runs of 5 pushes", benchConcurrentRedelivery],
];

for (const [name, bench] of benches) {
  console.log(`\n=== ${name} ===`);
  await bench();
}
