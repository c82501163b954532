import { afterEach, beforeEach, expect, it } from "vitest";
import { startBurstApp, type BurstApp } from "./burst-app.js";
import { BURST_REPO, commitSha, dispatchedSha, envBranch, pushCommit } from "./burst-repo.js";

let app: BurstApp;
beforeEach(async () => {
  app = await startBurstApp();
});
afterEach(() => app?.close());

/**
 * A branch reset to a commit it was at before (`git reset --hard <A> && git push --force`, the usual
 * way to roll an environment back): the branch's head is A again, but the idempotency key
 * `envbranch:<slug>:<A>:apply` already has a check run from A's first push, so the push is taken for
 * a redelivery and nothing is dispatched. The environment keeps running B while its branch says A.
 * ORDERING.md (W3) gives the fix.
 */
it("a branch reset back to an earlier commit is applied again, so the environment follows its branch", async () => {
  const branch = envBranch(0);
  expect(await app.deliverPush(pushCommit(app.fake, branch, 1))).toBe(200);
  expect(await app.deliverPush(pushCommit(app.fake, branch, 2))).toBe(200);
  // As GitHub sends a push that moves a branch back to an ancestor: forced, with no new commits.
  const reset = { ...app.fake.pushBranch(BURST_REPO, branch, commitSha(branch, 1)), forced: true, commits: [] };
  expect(await app.deliverPush(reset)).toBe(200);

  expect(app.server.logs.filter((l) => l.level >= 50)).toEqual([]);
  expect(app.fake.violations).toEqual([]);
  const label = (sha: string) => (sha === commitSha(branch, 1) ? "#1" : sha === commitSha(branch, 2) ? "#2" : sha);
  expect(app.fake.dispatches.map((d) => label(dispatchedSha(d.inputs)))).toEqual(["#1", "#2", "#1"]);
});
