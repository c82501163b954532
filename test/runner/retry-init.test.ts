import { describe, expect, it } from "vitest";
import { retryTransientInit, type RetryPolicy } from "../../app/runner/retry-init.js";
import type { TerraformOutcome } from "../../app/runner/run-terraform.js";

const TRANSIENT = 'Error: listing blobs: executing request: Get "https://acct.blob.core.windows.net/tfstate": dial tcp 10.0.0.4:443: connect: connection refused';
const PERMANENT = "Error: listing blobs: unexpected status 404 (404 The specified container does not exist.) with ContainerNotFound";

function outcome(exitCode: number, stderr = ""): TerraformOutcome {
  return { exitCode, signal: null, cancelled: false, stdout: "", stderr, durationMs: 1 };
}

/** A policy that records the waits instead of sleeping. */
function recordingPolicy(maxAttempts = 3): RetryPolicy & { waits: number[] } {
  const waits: number[] = [];
  return { maxAttempts, baseDelayMs: 2_000, waits, sleep: async (ms) => void waits.push(ms) };
}

describe("retryTransientInit", () => {
  it("retries a transient failure with doubling waits until it succeeds, and says so in the log", async () => {
    const results = [outcome(1, TRANSIENT), outcome(1, TRANSIENT), outcome(0)];
    const policy = recordingPolicy();
    const log: string[] = [];
    const attempts: number[] = [];
    const { outcome: last, attempts: used } = await retryTransientInit(
      async (n) => (attempts.push(n), results.shift()!),
      policy,
      (line) => log.push(line),
    );
    expect(last.exitCode).toBe(0);
    expect(used).toBe(3);
    expect(attempts).toEqual([1, 2, 3]);
    expect(policy.waits).toEqual([2_000, 4_000]);
    expect(log).toHaveLength(2);
    expect(log[0]).toContain("transient");
    expect(log[0]).toContain("connection refused");
    expect(log[0]).toContain("retrying in 2s (attempt 2 of 3)");
  });

  it("stops after the last attempt and returns its failure", async () => {
    const policy = recordingPolicy(2);
    const { outcome: last, attempts } = await retryTransientInit(async () => outcome(1, TRANSIENT), policy, () => {});
    expect(last.exitCode).toBe(1);
    expect(attempts).toBe(2);
    expect(policy.waits).toEqual([2_000]);
  });

  it("does not retry a failure that would repeat", async () => {
    const policy = recordingPolicy();
    const { attempts } = await retryTransientInit(async () => outcome(1, PERMANENT), policy, () => {});
    expect(attempts).toBe(1);
    expect(policy.waits).toEqual([]);
  });
});
