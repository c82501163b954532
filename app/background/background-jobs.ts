import type { Log } from "../logging/event-log.js";

/**
 * Work that outlives a webhook delivery (GitHub wants an answer within 10 seconds). One job per key
 * runs at a time in this process; its progress lives in a check run, so when the process dies the
 * next delivery for the same key resumes it. Errors are logged here, never thrown into the server.
 */
export class BackgroundJobs {
  private readonly running = new Map<string, Promise<void>>();

  /** Starts `work` under `key` unless a job with that key is already running; says which happened. */
  start(key: string, log: Log, work: () => Promise<void>): boolean {
    if (this.running.has(key)) {
      log.info({ job: key }, "background job already running in this process");
      return false;
    }
    const job = work()
      .catch((error: unknown) => log.error({ err: error, job: key }, "background job failed"))
      .finally(() => this.running.delete(key));
    this.running.set(key, job);
    return true;
  }

  /** Resolves when every running job has finished: for graceful shutdown and for tests. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.values()]);
  }
}
