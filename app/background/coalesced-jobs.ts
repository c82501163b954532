import type { Log } from "../logging/event-log.js";
import type { BackgroundJobs } from "./background-jobs.js";

/**
 * Work that only its latest request matters for, such as redrawing a dashboard from what GitHub holds
 * now: a request while one runs under the same key waits, and any later request replaces it, so a
 * burst of requests runs the work at most twice (the one running, then the newest waiting).
 */
export class CoalescedJobs {
  private readonly waiting = new Map<string, { log: Log; work: () => Promise<void> }>();
  private readonly running = new Set<string>();

  constructor(private readonly jobs: BackgroundJobs) {}

  /** Runs `work` under `key` once whatever runs under it now has finished; a later request replaces it. */
  request(key: string, log: Log, work: () => Promise<void>): void {
    this.waiting.set(key, { log, work });
    if (this.running.has(key)) return;
    this.running.add(key);
    this.jobs.start(`coalesced:${key}`, log, () => this.drain(key));
  }

  private async drain(key: string): Promise<void> {
    try {
      for (let next = this.take(key); next; next = this.take(key)) {
        const { log, work } = next;
        // One failed run must not strand the request behind it.
        await work().catch((error: unknown) => log.error({ err: error, job: key }, "background job failed"));
      }
    } finally {
      // Nothing awaits between the last empty take and this, so no request can slip in unseen.
      this.running.delete(key);
    }
  }

  private take(key: string): { log: Log; work: () => Promise<void> } | undefined {
    const next = this.waiting.get(key);
    this.waiting.delete(key);
    return next;
  }
}
