import { afterEach, beforeEach, expect, it } from "vitest";
import { startBurstApp, type BurstApp } from "./burst-app.js";
import { BURST_REPO, commitSha, dispatchedSha, envBranch, pushCommit } from "./burst-repo.js";

let app: BurstApp;
beforeEach(async () => {
  app = await startBurstApp({ proxy: true });
});
afterEach(() => app?.close());

/**
 * The head-check window of ORDERING.md (W1) made deterministic: the delivery of commit #1 passes the
 * head check, then stalls (a slow GitHub answer) while #2 is pushed and its delivery dispatches.
 * #1 is dispatched last, so GitHub's concurrency group runs #1 after #2 (or lets #1's pending run
 * replace #2's): the older commit is applied last. ORDERING.md gives the fix this test waits for.
 */
it("an older commit whose handling is overtaken by a newer push of the same environment is not run last", async () => {
  const branch = envBranch(0);
  const [older, newer] = [commitSha(branch, 1), commitSha(branch, 2)];
  const stalled = app.proxy!.hold((path) => path.endsWith(`/commits/${older}/check-runs`));

  const first = app.deliverPush(pushCommit(app.fake, branch, 1));
  await stalled.reached;
  expect(await app.deliverPush(pushCommit(app.fake, branch, 2))).toBe(200);
  stalled.release();
  expect(await first).toBe(200);

  expect(app.server.logs.filter((l) => l.level >= 50)).toEqual([]);
  expect(app.fake.violations).toEqual([]);
  const runs = app.fake.repo(BURST_REPO).runs;
  const label = (sha: string | undefined) => (sha === older ? "#1" : sha === newer ? "#2" : String(sha));
  // What each dispatch asked to apply, and where the branch was when GitHub accepted it. Both were
  // the head when their deliveries read the branch, so both are dispatched; what matters is the
  // order GitHub queues them in, the order it accepted the dispatches.
  const order = app.fake.dispatches.map((d) => `${label(dispatchedSha(d.inputs))} (branch at ${label(runs.find((r) => r.rest.id === d.runId)?.rest.head_sha)})`);
  expect(order.at(-1), `the run the concurrency group runs last must be the newest commit's; dispatched: ${order.join(", ")}`).toBe("#2 (branch at #2)");
});
