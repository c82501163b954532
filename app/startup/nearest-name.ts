/** The candidate closest to `name` by edit distance, when close enough to be a typo of it. */
export function nearestName(name: string, candidates: readonly string[]): string | null {
  let best: { candidate: string; distance: number } | null = null;
  for (const candidate of candidates) {
    const distance = editDistance(name, candidate);
    if (best === null || distance < best.distance) best = { candidate, distance };
  }
  // Three edits cover a dropped word separator, a swapped pair and a missing letter, without
  // matching every short ENVBRANCH_ name to every other.
  return best !== null && best.distance <= 3 ? best.candidate : null;
}

/** Levenshtein distance: insertions, deletions and substitutions, one each. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
