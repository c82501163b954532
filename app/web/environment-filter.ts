import type { EnvironmentRecord, EnvironmentState } from "../decisions/environments-model.js";
import type { RepositoryEnvironments } from "./repository-environments.js";
import type { VisibleRepository } from "./user-repositories.js";

/** Every state the page filters by, in the order its menu lists them. */
export const STATES: readonly EnvironmentState[] = ["applying", "plan-waiting", "applied", "failed", "destroying", "destroyed"];

/** At most this many repositories are read for one page: the rest are counted, and a filter reaches them. */
export const MAX_REPOSITORIES_READ = 50;

/** The page's filters, as its GET form sends them; null means any. */
export interface EnvironmentFilter {
  repository: string | null;
  owner: string | null;
  state: EnvironmentState | null;
}

/** One row of the page: an environment with the repository it belongs to. */
export interface EnvironmentRow extends EnvironmentRecord {
  repository: string;
  repositoryUrl: string;
}

/** The filters from a query string; an empty or unknown value means any. */
export function readFilter(query: URLSearchParams): EnvironmentFilter {
  const text = (name: string) => query.get(name)?.trim() || null;
  const state = text("state");
  return { repository: text("repository"), owner: text("owner"), state: STATES.find((s) => s === state) ?? null };
}

/**
 * The repositories to read for a filter: only ones the user's own token listed (a filter naming any
 * other repository matches nothing), narrowed by the repository and owner filters (GitHub's names
 * are case-insensitive), at most MAX_REPOSITORIES_READ of them.
 */
export function repositoriesToRead(visible: readonly VisibleRepository[], filter: EnvironmentFilter): { read: VisibleRepository[]; leftOut: number } {
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  const matching = visible.filter((r) => (filter.repository === null || same(r.fullName, filter.repository)) && (filter.owner === null || same(r.owner, filter.owner)));
  return { read: matching.slice(0, MAX_REPOSITORIES_READ), leftOut: Math.max(matching.length - MAX_REPOSITORIES_READ, 0) };
}

/** The rows to show: every read repository's environments in the state asked for, newest activity first. */
export function environmentRows(read: readonly RepositoryEnvironments[], filter: EnvironmentFilter): EnvironmentRow[] {
  return read
    .flatMap((r) => r.environments.map((e): EnvironmentRow => ({ ...e, repository: r.repository.fullName, repositoryUrl: r.repository.url })))
    .filter((row) => filter.state === null || row.state === filter.state)
    .sort((a, b) => b.activityAt.localeCompare(a.activityAt) || a.repository.localeCompare(b.repository) || a.branch.localeCompare(b.branch));
}
