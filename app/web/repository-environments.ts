import type { Context } from "probot";
import type { AzureAccess } from "../adapters/azure/azure-access.js";
import type { GitHub } from "../adapters/github/github-client.js";
import { loadConfig } from "../adapters/github/load-config.js";
import { buildEnvironments, type EnvironmentRecord } from "../decisions/environments-model.js";
import { gatherEnvironmentFacts } from "../events/gather-environment-facts.js";
import type { Log } from "../logging/event-log.js";
import { ExpiringMap } from "./expiring-map.js";
import type { VisibleRepository } from "./user-repositories.js";

/** One repository's environments as the page shows them, or why it has none to show. */
export interface RepositoryEnvironments {
  repository: VisibleRepository;
  environments: EnvironmentRecord[];
  /** Null when read; else why not: no config, an invalid config, or a failed read. */
  problem: "not set up" | "invalid config" | "could not be read" | null;
}

/** How long a repository's environments are reused, and how many repositories are held. */
const ENVIRONMENT_CACHE_BOUNDS = { ttlMs: 60_000, maxEntries: 500 };

/**
 * Reads repositories' environments with the app's installation client (the same reads and model as
 * the dashboard issue), each cached per installation and repository for a minute, so reloads and
 * many viewers cost GitHub one read a minute. The promise is what is cached, so viewers who arrive
 * together share one read.
 */
export class RepositoryEnvironmentReads {
  private readonly cache: ExpiringMap<Promise<RepositoryEnvironments>>;

  constructor(
    private readonly installationClient: (installationId: number) => Promise<GitHub>,
    /** The app's own Azure access, for the state locks and archives; null shows neither. */
    private readonly azure: AzureAccess | null,
    private readonly log: Log,
    now: () => number,
  ) {
    this.cache = new ExpiringMap({ ...ENVIRONMENT_CACHE_BOUNDS, now });
  }

  /** The repository's environments, from the cache when read within the last minute. */
  read(repository: VisibleRepository): Promise<RepositoryEnvironments> {
    const key = `${repository.installationId}:${repository.fullName.toLowerCase()}`;
    let read = this.cache.get(key);
    if (read === undefined) {
      read = this.readNow(repository);
      this.cache.set(key, read);
    }
    return read;
  }

  private async readNow(repository: VisibleRepository): Promise<RepositoryEnvironments> {
    const repo = { owner: repository.owner, repo: repository.name };
    try {
      const octokit = await this.installationClient(repository.installationId);
      const loaded = await loadConfig({ octokit, config: probotConfig(octokit, repo) }, repo);
      if (loaded.status !== "ok") return { repository, environments: [], problem: loaded.status === "missing" ? "not set up" : "invalid config" };
      const facts = await gatherEnvironmentFacts(octokit, { owner: repository.owner, name: repository.name }, loaded.config, this.azure ? { azure: this.azure, log: this.log } : null);
      return { repository, environments: buildEnvironments(facts), problem: null };
    } catch (error) {
      this.log.error({ err: error, repo: repository.fullName }, "environments page: could not read a repository's environments");
      return { repository, environments: [], problem: "could not be read" };
    }
  }
}

/**
 * What a webhook context's `config` does (Probot's Context#config without defaults), for a
 * repository read outside any delivery: `.github/<file>` through the config plugin, so `_extends`
 * works as it does for events, and null when no file of the chain exists.
 */
function probotConfig(octokit: GitHub, repo: { owner: string; repo: string }): Context["config"] {
  const config = async (fileName: string) => {
    const { config: value, files } = await octokit.config.get({ ...repo, path: `.github/${fileName}` });
    return files.some((file) => file.config !== null) ? value : null;
  };
  return config as Context["config"];
}
