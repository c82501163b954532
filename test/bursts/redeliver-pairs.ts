import { setTimeout as sleep } from "node:timers/promises";
import type { BurstApp } from "./burst-app.js";
import { dispatchedSha, envBranch, pushCommit, seededFraction } from "./burst-repo.js";

/** How far apart the two deliveries of a pair may be sent: from the same moment to after the first created its check run. */
const MAX_GAP_MS = 20;

/** What a round of redelivered pairs left behind. */
export interface PairsOutcome {
  /** The app's answer to every delivery, in the order they were sent. */
  statuses: number[];
  /** The SHA of every dispatch, in the order GitHub accepted them. */
  dispatched: string[];
  /** SHAs dispatched more than once. */
  twice: string[];
  /**
   * How the second deliveries stood down, each having created its check run and listed the key: by
   * finding the first's run (just below its own id) being started, or dispatched already.
   */
  settledBy: { inFlight: number; dispatched: number };
}

/**
 * A push redelivered while its first delivery is still being handled (GitHub gave up waiting after
 * 10 s and someone pressed "Redeliver"), for `pairs` environments one after another. The seed picks
 * how long after the first delivery of a pair the second is sent (0-20 ms), so that a run covers
 * the interleavings of test/bursts/ORDERING.md (W2): both deliveries create their check runs before
 * either lists the key, the second finds the first's run being started, or finds it dispatched.
 */
export async function redeliverPairs(app: BurstApp, pairs: number, seed: number): Promise<PairsOutcome> {
  const statuses: number[] = [];
  for (let e = 0; e < pairs; e++) {
    const payload = pushCommit(app.fake, envBranch(e), 1);
    const gap = seededFraction(seed, `gap:${e}`) * MAX_GAP_MS;
    statuses.push(...(await Promise.all([app.deliverPush(payload), sleep(gap).then(() => app.deliverPush(payload))])));
  }
  const dispatched = app.fake.dispatches.map((d) => dispatchedSha(d.inputs));
  const said = (start: string) => app.server.logs.filter((l) => String(l.msg).startsWith(start)).length;
  return {
    statuses,
    dispatched,
    twice: [...new Set(dispatched.filter((sha, i) => dispatched.indexOf(sha) !== i))],
    settledBy: {
      inFlight: said("not dispatching again: another delivery is starting this run right now"),
      dispatched: said("not dispatching again: already dispatched"),
    },
  };
}
