/** The sizes a budget decision needs for one section of the summary. */
export interface SectionSizes {
  /** Characters of the entries the section has, in order. */
  entries: number[];
}

/** How many entries each section gets in the first round, so no section is crowded out entirely. */
const FIRST_ROUND = 3;

/**
 * Decides how many leading entries of each section fit in `room` characters. Sections keep their
 * order and each shows a prefix of its entries: first every section gets up to a few, in order, so
 * a long list of deletions cannot hide that something is also being replaced; then the remaining
 * room is filled section by section.
 */
export function fitBudget(sections: readonly SectionSizes[], room: number): number[] {
  const shown = sections.map(() => 0);
  let left = room;
  const extend = (index: number, limit: number): void => {
    const sizes = sections[index]!.entries;
    let count = shown[index]!;
    while (count < Math.min(limit, sizes.length) && sizes[count]! <= left) {
      left -= sizes[count]!;
      count += 1;
    }
    shown[index] = count;
  };
  sections.forEach((_, index) => extend(index, FIRST_ROUND));
  sections.forEach((_, index) => extend(index, Infinity));
  return shown;
}
