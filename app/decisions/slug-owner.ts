import { slugify } from "../environment/slug.js";

export type SlugOwnership = { ok: true } | { ok: false; owner: string };

/** The other live branches that give the same slug as `branch` (`env-Alice` beside `env-alice`). */
export function findRivals(branch: string, prefix: string, slug: string, liveBranches: readonly string[]): string[] {
  return liveBranches.filter((b) => {
    if (b === branch || !b.startsWith(prefix)) return false;
    const other = slugify(b.slice(prefix.length));
    return other.ok && other.slug === slug;
  });
}

/**
 * Decides whether `branch` may use its slug when rivals share it: the branch the environment's
 * latest deployment was made for keeps it; when none of them was deployed yet, the name that sorts
 * first does, so every delivery agrees on the winner.
 */
export function decideSlugOwner(branch: string, rivals: readonly string[], deployedBranch: string | null): SlugOwnership {
  if (rivals.length === 0 || deployedBranch === branch) return { ok: true };
  if (deployedBranch !== null && rivals.includes(deployedBranch)) return { ok: false, owner: deployedBranch };
  const first = [branch, ...rivals].sort()[0] ?? branch;
  return first === branch ? { ok: true } : { ok: false, owner: first };
}
