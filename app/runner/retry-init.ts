import { setTimeout as sleep } from "node:timers/promises";
import { errorExcerpt, isTransientInitFailure } from "./classify-failure.js";
import type { TerraformOutcome } from "./run-terraform.js";

/** How often and how patiently `terraform init` is retried after a transient failure. */
export interface RetryPolicy {
  maxAttempts: number;
  /** The wait before the second attempt; it doubles before each later one. */
  baseDelayMs: number;
  sleep(ms: number): Promise<void>;
}

/** Three attempts, 2 s then 4 s apart: long enough for a blip, short enough not to stall a run. */
export const INIT_RETRY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 2_000, sleep: (ms) => sleep(ms) };

/**
 * Runs `attempt` until it succeeds, fails in a way a retry cannot fix, or runs out of attempts,
 * and says in the log why and when it tries again. Only init goes through this: plan and apply
 * are not idempotent enough to repeat blindly, and a lock is explained rather than waited out.
 */
export async function retryTransientInit(
  attempt: (n: number) => Promise<TerraformOutcome>,
  policy: RetryPolicy,
  info: (line: string) => void,
): Promise<{ outcome: TerraformOutcome; attempts: number }> {
  for (let n = 1; ; n++) {
    const outcome = await attempt(n);
    if (outcome.exitCode === 0 || n >= policy.maxAttempts || !isTransientInitFailure(outcome.stderr)) {
      return { outcome, attempts: n };
    }
    const delay = policy.baseDelayMs * 2 ** (n - 1);
    info(
      `terraform init failed with what looks like a transient error (${errorExcerpt(outcome.stderr, 200)}); ` +
        `retrying in ${delay / 1000}s (attempt ${n + 1} of ${policy.maxAttempts})`,
    );
    await policy.sleep(delay);
  }
}
