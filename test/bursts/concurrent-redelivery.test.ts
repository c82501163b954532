import { afterEach, beforeEach, expect, it } from "vitest";
import { startBurstApp, type BurstApp } from "./burst-app.js";
import { dispatchedSha, envBranch, pushCommit } from "./burst-repo.js";

const PAIRS = 5;

let app: BurstApp;
beforeEach(async () => {
  app = await startBurstApp();
});
afterEach(() => app?.close());

/**
 * The idempotency window of ORDERING.md (W2): a push redelivered while its first delivery is still
 * being handled (GitHub gave up waiting after 10 s and someone pressed "Redeliver"). Both deliveries
 * find no check run for the key yet, or one at stage "created", which reads as an interrupted run to
 * resume, so both dispatch. ORDERING.md gives the fix.
 */
it("a push delivered twice at the same time is dispatched once", async () => {
  for (let e = 0; e < PAIRS; e++) {
    const payload = pushCommit(app.fake, envBranch(e), 1);
    expect(await Promise.all([app.deliverPush(payload), app.deliverPush(payload)])).toEqual([200, 200]);
  }
  expect(app.server.logs.filter((l) => l.level >= 50)).toEqual([]);
  expect(app.fake.violations).toEqual([]);
  const shas = app.fake.dispatches.map((d) => dispatchedSha(d.inputs));
  expect(shas.filter((sha, i) => shas.indexOf(sha) !== i), "SHAs dispatched twice").toEqual([]);
  expect(shas).toHaveLength(PAIRS);
});
