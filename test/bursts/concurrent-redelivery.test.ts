import { afterEach, expect, it, onTestFailed } from "vitest";
import { readProgress } from "../../app/decisions/run-progress.js";
import { startBurstApp, type BurstApp } from "./burst-app.js";
import { BURST_REPO, burstSeed, commitSha, dispatchedSha, envBranch, pushCommit } from "./burst-repo.js";
import { redeliverPairs } from "./redeliver-pairs.js";

const PAIRS = 5;
const CHECK_RUN_CREATE = `/repos/${BURST_REPO}/check-runs`;

let app: BurstApp;
afterEach(() => app?.close());

function expectClean(): void {
  expect(app.server.logs.filter((l) => l.level >= 50)).toEqual([]);
  expect(app.fake.violations).toEqual([]);
}

/** The environment's check runs, lowest id first, with the stage their marker records. */
function checkRuns(sha: string) {
  return app.fake
    .repo(BURST_REPO)
    .checkRuns.filter((r) => r.head_sha === sha)
    .sort((a, b) => a.id - b.id)
    .map((r) => ({ name: r.name, conclusion: r.conclusion, stage: readProgress(r.output.summary ?? "")?.stage }));
}

/**
 * The idempotency window of ORDERING.md (W2): a push redelivered while its first delivery is still
 * being handled. The seed (printed on failure, replayed by ENVBRANCH_BURST_SEED) spaces each pair.
 */
it("a push delivered twice at the same time is dispatched once", async () => {
  const seed = burstSeed();
  onTestFailed(() => console.log(`concurrent redelivery failed: replay with ENVBRANCH_BURST_SEED=${seed}`));
  app = await startBurstApp();
  const outcome = await redeliverPairs(app, PAIRS, seed);
  const { inFlight, dispatched } = outcome.settledBy;
  console.log(`concurrent redelivery (ENVBRANCH_BURST_SEED=${seed}): ${PAIRS} pairs; the second delivery stood down for a run being started ${inFlight}, for a run dispatched ${dispatched}`);

  expect(outcome.statuses).toEqual(Array.from({ length: 2 * PAIRS }, () => 200));
  expectClean();
  expect(outcome.twice, "SHAs dispatched twice").toEqual([]);
  expect(outcome.dispatched).toHaveLength(PAIRS);
  expect(inFlight + dispatched, "every second delivery stood down, one way or another").toBe(PAIRS);
});

// GitHub's clock as the app's, and 90 s ahead of it: ages read against the app's clock came out
// negative, so neither delivery took the other's run for recent and both dispatched.
const CLOCKS = [0, 90_000];

it.each(CLOCKS)("two deliveries that both created a check run settle on the lower id (GitHub's clock %i ms ahead)", async (githubAheadMs) => {
  app = await startBurstApp({ proxy: true, githubAheadMs });
  const sha = commitSha(envBranch(0), 1);
  // The two creates are let through together, before either delivery lists the key.
  const creates = app.proxy!.hold((path) => path.endsWith(CHECK_RUN_CREATE), 2);
  const payload = pushCommit(app.fake, envBranch(0), 1);
  const both = Promise.all([app.deliverPush(payload), app.deliverPush(payload)]);
  await creates.reached;
  creates.release();
  expect(await both).toEqual([200, 200]);

  expectClean();
  expect(app.fake.dispatches.map((d) => dispatchedSha(d.inputs))).toEqual([sha]);
  expect(checkRuns(sha)).toEqual([
    { name: `envbranch: ${envBranch(0)}`, conclusion: null, stage: "dispatched" },
    // Renamed: as the newest check run of the environment's name, it would hide the run that goes on.
    { name: `envbranch: ${envBranch(0)} (duplicate delivery)`, conclusion: "neutral", stage: "stood-down" },
  ]);
});

it.each(CLOCKS)("a delivery that finds the other's check run being started leaves it alone (GitHub's clock %i ms ahead)", async (githubAheadMs) => {
  app = await startBurstApp({ proxy: true, githubAheadMs });
  const sha = commitSha(envBranch(0), 1);
  // The first delivery has created its check run and won; it stalls before its deployment.
  const deployment = app.proxy!.hold((path) => path.endsWith(`/repos/${BURST_REPO}/deployments`));
  const payload = pushCommit(app.fake, envBranch(0), 1);
  const first = app.deliverPush(payload);
  await deployment.reached;
  expect(await app.deliverPush(payload)).toBe(200);
  deployment.release();
  expect(await first).toBe(200);

  expectClean();
  expect(app.fake.dispatches.map((d) => dispatchedSha(d.inputs))).toEqual([sha]);
  expect(checkRuns(sha)).toEqual([
    { name: `envbranch: ${envBranch(0)}`, conclusion: null, stage: "dispatched" },
    { name: `envbranch: ${envBranch(0)} (duplicate delivery)`, conclusion: "neutral", stage: "stood-down" },
  ]);
  expect(app.server.logs.filter((l) => String(l.msg).includes("another delivery is starting this run right now"))).toHaveLength(1);
});
