import type { AzureAccess } from "../adapters/azure/azure-access.js";
import { readStateBlobFacts, type StateBlobFacts } from "../adapters/azure/state-blob-facts.js";
import { stateContainer } from "../adapters/azure/state-container.js";
import { listOwnCheckRuns } from "../adapters/github/check-runs.js";
import { findLatestDeployment, latestOwnDeploymentStatus, listRecentOwnDeployments, type EnvironmentDeployment } from "../adapters/github/deployments.js";
import { listOpenPullsInto } from "../adapters/github/environment-pulls.js";
import type { GitHub } from "../adapters/github/github-client.js";
import { listBranchesWithPrefix } from "../adapters/github/list-branches.js";
import type { RepoConfig } from "../config/parse-config.js";
import type { EnvironmentDeploymentFacts, EnvironmentFacts, LiveEnvironment } from "../decisions/environments-model.js";
import { deriveEnvironment, stateKeyFor, type Repository } from "../environment/derive-environment.js";
import type { Log } from "../logging/event-log.js";
import { messageChain } from "../runner/message-chain.js";

// Reads per environment run a few at a time: fast for dozens of environments, gentle on the rate limit for hundreds.
const PARALLEL_READS = 4;

/** The app's own Azure access, for reading state storage, and where to say that a read failed. */
export interface StateStorageReads {
  azure: AzureAccess;
  log: Log;
}

/**
 * What the environments model needs, each read filtered to this app's own writes: the live environment
 * branches, the newest deployment of each environment (one page across the repository, then one read
 * for each live environment missing from it) with its status, the check runs of each environment's
 * commit, and the open pull requests into environment branches. With `storage`, also each
 * environment's state blob: its lock, and for an environment whose branch is gone, its archive.
 */
export async function gatherEnvironmentFacts(octokit: GitHub, repository: Repository, config: RepoConfig, storage: StateStorageReads | null = null): Promise<EnvironmentFacts> {
  const repo = { owner: repository.owner, repo: repository.name };
  const [branches, recent, pullRequests] = await Promise.all([
    listBranchesWithPrefix(octokit, repo, config.branchPrefix),
    listRecentOwnDeployments(octokit, repo),
    listOpenPullsInto(octokit, repo, config.branchPrefix),
  ]);
  const live = branches.flatMap((b): LiveEnvironment[] => {
    const derived = deriveEnvironment(b.name, config, repository);
    return derived.ok ? [{ branch: b.name, slug: derived.environment.slug, githubEnvironment: derived.environment.githubEnvironment, head: b.sha }] : [];
  });
  const newest = new Map<string, EnvironmentDeployment>();
  for (const d of recent) if (d.environment.startsWith(config.branchPrefix) && !newest.has(d.environment)) newest.set(d.environment, d);
  const missing = live.filter((env) => !newest.has(env.githubEnvironment));
  for (const found of await inBatches(missing, (env) => findLatestDeployment(octokit, repo, env.githubEnvironment))) if (found) newest.set(found.environment, found);
  const deployments = await inBatches([...newest.values()], async (d): Promise<EnvironmentDeploymentFacts> => ({ ...d, status: await latestOwnDeploymentStatus(octokit, repo, d.id) }));
  const liveNames = new Set(live.map((env) => env.githubEnvironment));
  const gone = deployments.filter((d) => !liveNames.has(d.environment));
  const commits = [...new Set([...live.map((env) => env.head), ...gone.map((d) => d.sha)])];
  const runs = await inBatches(commits, (sha) => listOwnCheckRuns(octokit, repo, sha));
  // The archive is looked for only where the branch is gone: a live environment's state is where it was.
  const blobs = [...live.map((env) => ({ ...env, archive: false })), ...gone.map((d) => ({ githubEnvironment: d.environment, slug: d.environment.slice(config.branchPrefix.length), archive: true }))];
  return {
    branchPrefix: config.branchPrefix,
    live,
    deployments,
    checkRuns: Object.fromEntries(commits.map((sha, i) => [sha, runs[i] ?? []])),
    pullRequests,
    ...(storage ? { stateStorage: await readStateStorage(storage, repository, config, blobs) } : {}),
  };
}

/**
 * Each environment's state blob facts, by GitHub environment name, with its archive where asked. An
 * environment whose read fails is left out (the views show nothing of its state rather than fail),
 * and the failures are logged once.
 */
async function readStateStorage(storage: StateStorageReads, repository: Repository, config: RepoConfig, blobs: readonly StateBlobRead[]): Promise<Record<string, StateBlobFacts>> {
  const { state } = config.azure;
  const container = stateContainer({ storageAccount: state.storageAccount, container: state.container, cloud: config.azure.cloud }, storage.azure.state);
  const failures: string[] = [];
  const read = await inBatches(blobs, (blob) =>
    readStateBlobFacts(container, stateKeyFor(repository, blob.slug), blob.archive).catch((error: unknown) => {
      failures.push(`${blob.githubEnvironment}: ${messageChain(error)}`);
      return null;
    }),
  );
  if (failures.length > 0) storage.log.warn({ failures }, `could not read the state of ${failures.length} environment(s); their locks and archives are not shown`);
  return Object.fromEntries(blobs.flatMap((blob, i) => (read[i] ? [[blob.githubEnvironment, read[i]]] : [])));
}

/** One environment's state blob to read, and whether to look for its archive. */
interface StateBlobRead {
  githubEnvironment: string;
  slug: string;
  archive: boolean;
}

/** `read` of every item, PARALLEL_READS at a time, in the items' order. */
async function inBatches<T, R>(items: readonly T[], read: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += PARALLEL_READS) results.push(...(await Promise.all(items.slice(i, i + PARALLEL_READS).map(read))));
  return results;
}
