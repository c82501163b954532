import Bottleneck from "bottleneck";
import type { ApplicationFunction } from "probot";
import { EnvbranchOctokit } from "../../../app/github-retry-policy.js";
import { createTestProbot, type TestProbot } from "../../support/github/test-probot.js";

/**
 * How long one "second" of GitHub's retry-after and of the retry plugin's backoff lasts in these
 * tests: the app's policy (how many retries, which waits it accepts) is unchanged, only the clock
 * is faster, so a suite of hundreds of faults runs in seconds.
 */
export const TEST_SECOND_MS = 2;

/**
 * The app's own Octokit (`EnvbranchOctokit`, as `npm start` runs it) with its waits shrunk. The
 * throttle plugin takes its write, notification and search queues from the instance options when
 * given, so fresh queues without the 1–3 s spacing replace the process-wide ones; `secondMs` scales
 * both plugins' `retryAfterBaseValue`. A function default, because Probot merges its own throttle
 * options over a plain object default.
 */
export function fastEnvbranchOctokit(secondMs: number): typeof EnvbranchOctokit {
  const queue = () => new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 });
  const queues = { write: queue(), notifications: queue(), search: queue() };
  return EnvbranchOctokit.defaults((options: Record<string, unknown>) => ({
    ...options,
    retry: { ...(options.retry as object | undefined), retryAfterBaseValue: secondMs },
    throttle: { ...(options.throttle as object | undefined), ...queues, retryAfterBaseValue: secondMs },
  })) as typeof EnvbranchOctokit;
}

/**
 * A test Probot like createTestProbot's, but with the app's real retry and throttle policy on, at
 * test speed. Each call is a new process as far as GitHub can tell: no cached token, no memory of
 * earlier deliveries.
 */
export async function createRetryingProbot(appFn: ApplicationFunction, options: { secondMs?: number } = {}): Promise<TestProbot> {
  return createTestProbot(appFn, { Octokit: fastEnvbranchOctokit(options.secondMs ?? TEST_SECOND_MS) });
}
