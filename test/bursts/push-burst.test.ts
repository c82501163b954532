import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it, onTestFailed } from "vitest";
import { startBurstApp, type BurstApp } from "./burst-app.js";
import { BURST_REPO, burstSeed, commitSha, dispatchedSha, envBranch, pushCommit, seededFraction, shuffle } from "./burst-repo.js";

const ENVIRONMENTS = 10;
const COMMITS = 10;

let app: BurstApp;
let seed: number;
beforeEach(async () => {
  seed = burstSeed();
  app = await startBurstApp();
});
afterEach(() => app?.close());

/** One delivery of the burst: which push it carries, when it was sent, what the app answered. */
interface Delivery {
  branch: string;
  round: number;
  sha: string;
  payload: unknown;
  startedAt: number;
  status: number;
}

function push(branch: string, round: number): Delivery {
  const payload = pushCommit(app.fake, branch, round);
  return { branch, round, sha: commitSha(branch, round), payload, startedAt: 0, status: 0 };
}

/** Delivers one push, noting when it was sent. */
async function deliver(delivery: Delivery): Promise<void> {
  delivery.startedAt = performance.now();
  delivery.status = await app.deliverPush(delivery.payload);
}

/** The app's dispatches in the order GitHub accepted them: the order their runs enter the concurrency group. */
function dispatchesInOrder(): Array<{ branch: string; sha: string; headAtDispatch: string | undefined }> {
  const runs = app.fake.repo(BURST_REPO).runs;
  return app.fake.dispatches.map((d) => ({ branch: d.ref, sha: dispatchedSha(d.inputs), headAtDispatch: runs.find((r) => r.rest.id === d.runId)?.rest.head_sha }));
}

/** Checks shared by both bursts: answered, nothing logged as an error, nothing outside GitHub's contract, no SHA twice, newest of each branch dispatched. */
function expectCleanBurst(deliveries: Delivery[]): void {
  expect(deliveries.filter((d) => d.status !== 200).map((d) => `${d.branch}#${d.round}: ${d.status}`)).toEqual([]);
  expect(app.server.logs.filter((l) => l.level >= 50)).toEqual([]);
  expect(app.fake.violations).toEqual([]);
  const shas = app.fake.dispatches.map((d) => dispatchedSha(d.inputs));
  expect(shas.filter((sha, i) => shas.indexOf(sha) !== i), "a SHA dispatched twice").toEqual([]);
  for (let e = 0; e < ENVIRONMENTS; e++) {
    const branch = envBranch(e);
    expect(shas, `the newest commit of ${branch}`).toContain(commitSha(branch, COMMITS));
  }
}

/** What GitHub's concurrency group runs last per environment: the last accepted dispatch (it is never cancelled, and runs after every earlier one). */
function appliedLast(): Map<string, string> {
  const last = new Map<string, string>();
  for (const d of dispatchesInOrder()) last.set(d.branch, d.sha);
  return last;
}

describe("a burst of 100 pushes across 10 environments", () => {
  it("pushed first, then delivered concurrently in a shuffled order: each environment's newest commit is dispatched once, nothing else", async () => {
    const deliveries: Delivery[] = [];
    for (let round = 1; round <= COMMITS; round++) for (let e = 0; e < ENVIRONMENTS; e++) deliveries.push(push(envBranch(e), round));
    onTestFailed(() => console.log(`burst failed: replay its order with ENVBRANCH_BURST_SEED=${seed}`));
    const order = shuffle(deliveries, seed);

    const started = performance.now();
    await Promise.all(order.map(deliver));
    const elapsed = performance.now() - started;
    console.log(`burst (ENVBRANCH_BURST_SEED=${seed}): 100 deliveries answered in ${elapsed.toFixed(0)} ms, ${app.fake.dispatches.length} dispatched, ${app.fake.requests.length} GitHub API calls`);

    expectCleanBurst(deliveries);
    // Every branch was already at its newest commit, so only those are the head when handled.
    expect(dispatchesInOrder().map((d) => d.sha).sort()).toEqual(Array.from({ length: ENVIRONMENTS }, (_, e) => commitSha(envBranch(e), COMMITS)).sort());
    expect(app.server.logs.filter((l) => String(l.msg).startsWith("superseded"))).toHaveLength(ENVIRONMENTS * (COMMITS - 1));
  });

  it("pushes and deliveries interleaved over two seconds, each delivery late by 0-600 ms: every dispatch was of the head, no SHA twice, the newest of each environment queued last", async () => {
    onTestFailed(() => console.log(`interleaved burst failed: replay its order and delays with ENVBRANCH_BURST_SEED=${seed}`));
    const pushedAt = new Map<string, number>();
    const deliveries: Delivery[] = [];
    const inFlight: Promise<void>[] = [];
    const started = performance.now();
    // Ten rounds 150 ms apart: each round pushes every environment once, in a shuffled order, and
    // schedules each push's delivery after a random delay, so deliveries overtake one another.
    for (let round = 1; round <= COMMITS; round++) {
      for (const e of shuffle(Array.from({ length: ENVIRONMENTS }, (_, i) => i), seed + round)) {
        const delivery = push(envBranch(e), round);
        pushedAt.set(delivery.sha, performance.now());
        deliveries.push(delivery);
        inFlight.push(sleep(seededFraction(seed, delivery.sha) * 600).then(() => deliver(delivery)));
      }
      if (round < COMMITS) await sleep(150);
    }
    await Promise.all(inFlight);
    const elapsed = performance.now() - started;

    expectCleanBurst(deliveries);
    // A dispatched commit was its branch's head at some moment while its delivery was handled:
    // it had not been replaced by the next commit before the delivery began.
    for (const d of dispatchesInOrder()) {
      const delivery = deliveries.find((x) => x.sha === d.sha)!;
      const next = pushedAt.get(commitSha(d.branch, delivery.round + 1));
      expect(next === undefined || next > delivery.startedAt, `${d.branch}#${delivery.round} dispatched though #${delivery.round + 1} was pushed before its delivery began`).toBe(true);
    }
    const dispatches = dispatchesInOrder();
    const late = dispatches.filter((d) => d.headAtDispatch !== d.sha);
    const overtaken = [...appliedLast()].filter(([branch, sha]) => sha !== commitSha(branch, COMMITS)).map(([branch]) => branch);
    console.log(
      [
        `interleaved burst (ENVBRANCH_BURST_SEED=${seed} replays its order and delays): 100 pushes over ${(Math.max(...pushedAt.values()) - started).toFixed(0)} ms, all answered after ${elapsed.toFixed(0)} ms; ${dispatches.length} dispatched, ${deliveries.length - dispatches.length} superseded`,
        `  dispatched after their branch had already moved on (the head-check window): ${late.length}`,
        `  environments whose last dispatch, the run GitHub's concurrency group runs last, is not the newest commit: ${overtaken.length}`,
      ].join("\n"),
    );
    // G5 of ORDERING.md: whatever the order, the newest commit's run is the last one queued in its group.
    expect(overtaken, "environments whose last queued run is not their newest commit's").toEqual([]);
  });
});
