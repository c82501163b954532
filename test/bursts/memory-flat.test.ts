import { afterAll, beforeAll, expect, it } from "vitest";
import type { FakeGitHub } from "../e2e/fake-github/fake-github.js";
import { TEST_WEBHOOK_SECRET } from "../support/github/test-probot.js";
import { deliverWebhook } from "../support/github/webhooks.js";
import { AppChild } from "./app-child-process.js";
import { BURST_REPO, envBranch, pushCommit, startBurstGitHub } from "./burst-repo.js";

const DELIVERIES = 1_000;
const SAMPLE_EVERY = 100;
/** Samples before this delivery count are warm-up: module loading, JIT, Octokit's and Probot's caches. */
const WARM_UP = 300;
/** A generous bound on heap growth after warm-up; a leak of 30 KB per delivery would exceed it. */
const GROWTH_BOUND_MB = 20;
const ENVIRONMENTS = 10;

let app: AppChild;
let fake: FakeGitHub;
let webhookUrl: string;

// The app runs in a process of its own, started with --expose-gc, so the heap sampled is the app's
// alone: the fake GitHub in this process keeps every request, check run and run it ever saw.
beforeAll(async () => {
  app = await AppChild.start("envbranch", { exposeGc: true });
  fake = await startBurstGitHub(app.publicKey);
  webhookUrl = await app.serve(fake.url);
});
afterAll(async () => {
  await Promise.all([app?.stop(), fake?.close()]);
});

/** Two in five deliveries push an environment branch (the whole dispatching path). */
const isEnvironmentPush = (i: number) => i % 5 < 2;

/**
 * Delivery i: a push at a new commit, to an environment branch (so it is the head and dispatched)
 * or to a feature branch (one config read, then nothing).
 */
function nextPush(i: number, rounds: Map<string, number>) {
  const branch = isEnvironmentPush(i) ? envBranch(Math.floor(i / 5) % ENVIRONMENTS) : `feature-${i % 7}`;
  const round = (rounds.get(branch) ?? 0) + 1;
  rounds.set(branch, round);
  return pushCommit(fake, branch, round);
}

it(`the app's heap stays flat over ${DELIVERIES} deliveries in a row`, async () => {
  const rounds = new Map<string, number>();
  const samples: Array<{ after: number; heapMb: number }> = [{ after: 0, heapMb: (await app.heapUsed()) / 2 ** 20 }];
  const statuses = new Map<number, number>();
  const started = performance.now();
  for (let i = 0; i < DELIVERIES; i++) {
    const response = await deliverWebhook(webhookUrl, { name: "push", payload: nextPush(i, rounds), secret: TEST_WEBHOOK_SECRET });
    await response.text();
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    if ((i + 1) % SAMPLE_EVERY === 0) samples.push({ after: i + 1, heapMb: (await app.heapUsed()) / 2 ** 20 });
  }
  const seconds = (performance.now() - started) / 1000;

  const at = (n: number) => samples.find((s) => s.after === n)!.heapMb;
  const growth = at(DELIVERIES) - at(WARM_UP);
  console.log(
    [
      `${DELIVERIES} deliveries in ${seconds.toFixed(1)} s; heap of the app process after forced GC (MB):`,
      samples.map((s) => `  after ${String(s.after).padStart(4)}: ${s.heapMb.toFixed(2)}`).join("\n"),
      `growth from delivery ${WARM_UP} to ${DELIVERIES}: ${growth.toFixed(2)} MB (bound ${GROWTH_BOUND_MB} MB)`,
    ].join("\n"),
  );

  expect(Object.fromEntries(statuses)).toEqual({ 200: DELIVERIES });
  expect(await app.errors()).toEqual([]);
  expect(fake.violations).toEqual([]);
  const environmentPushes = Array.from({ length: DELIVERIES }, (_, i) => i).filter(isEnvironmentPush).length;
  expect(fake.dispatches).toHaveLength(environmentPushes);
  expect(fake.repo(BURST_REPO).checkRuns).toHaveLength(environmentPushes);
  expect(growth).toBeLessThan(GROWTH_BOUND_MB);
  // A memory test, not a timed one: 1,000 deliveries take 30 s on an idle 2-core machine and several
  // times that under load, which must not fail it.
}, 600_000);
