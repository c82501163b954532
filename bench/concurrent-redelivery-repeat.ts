/**
 * The concurrent-redelivery scenario of test/bursts/concurrent-redelivery.test.ts, 50 times in a
 * row, each against a fresh app and fake GitHub: how many runs dispatched a SHA twice (the target
 * is 0 of 50), how the second deliveries stood down, and the time. The runs take seeds
 * `ENVBRANCH_BURST_SEED`, +1, +2, …, so a run that dispatched twice is replayed by the seed printed.
 */
import { pathToFileURL } from "node:url";
import { startBurstApp } from "../test/bursts/burst-app.js";
import { burstSeed } from "../test/bursts/burst-repo.js";
import { redeliverPairs } from "../test/bursts/redeliver-pairs.js";

const RUNS = 50;
const PAIRS = 5;

export async function benchConcurrentRedelivery(): Promise<void> {
  const first = burstSeed();
  const settled = { inFlight: 0, dispatched: 0 };
  const doubled: string[] = [];
  let errors = 0;
  const started = performance.now();
  for (let run = 0; run < RUNS; run++) {
    const app = await startBurstApp();
    try {
      const outcome = await redeliverPairs(app, PAIRS, first + run);
      for (const key of ["inFlight", "dispatched"] as const) settled[key] += outcome.settledBy[key];
      errors += app.server.logs.filter((l) => l.level >= 50).length + app.fake.violations.length + outcome.statuses.filter((s) => s !== 200).length;
      if (outcome.twice.length > 0 || outcome.dispatched.length !== PAIRS) doubled.push(`ENVBRANCH_BURST_SEED=${first + run}: ${outcome.dispatched.length} dispatches for ${PAIRS} pushes`);
    } finally {
      await app.close();
    }
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(`  runs with a SHA dispatched twice (or not at all): ${doubled.length} of ${RUNS} (target 0), ${RUNS * PAIRS} pushes each delivered twice at once; seeds ${first}..${first + RUNS - 1}`);
  for (const line of doubled) console.log(`    ${line}`);
  console.log(`  second deliveries stood down for a run being started (just below their own id) ${settled.inFlight}, for a run dispatched ${settled.dispatched}`);
  console.log(`  errors logged, contract violations and non-200 answers: ${errors}`);
  console.log(`  ${seconds.toFixed(1)} s in all, ${((seconds * 1000) / RUNS).toFixed(0)} ms a run`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchConcurrentRedelivery();
}
