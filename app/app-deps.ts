import type { AzureAccess } from "./adapters/azure/azure-access.js";
import type { ReadCache } from "./adapters/github/read-cache.js";
import type { BackgroundJobs } from "./background/background-jobs.js";
import type { CoalescedJobs } from "./background/coalesced-jobs.js";

/** What handlers get from the app besides the webhook context; built once at start-up. */
export interface AppDeps {
  azure: AzureAccess | null;
  jobs: BackgroundJobs;
  now: () => Date;
  /** How often Azure's long-running deletes are polled. */
  azurePollIntervalMs: number;
  /** The login of the app's bot account (`<slug>[bot]`), which every dispatched run is started by. */
  botLogin: () => Promise<string>;
  /** GitHub's answers to the reads every event repeats (config, environment branches), revalidated by ETag. */
  reads: ReadCache;
  /** Redraws of each repository's dashboard issue, coalesced; null draws none (tests of other behaviour). */
  dashboards: CoalescedJobs | null;
}
