import type { ChangeCounts } from "./plan-changes.js";

/** Imports and forgets, which Terraform adds to its plan line only when there are any. */
export interface TitleExtras {
  imports?: number;
  forgets?: number;
}

/**
 * The counts as Terraform's own plan line words them, without "Plan:" and the full stop:
 * "3 to add, 1 to change, 0 to destroy". A replacement counts as one add and one destroy, and
 * data source reads are not counted, exactly as Terraform does.
 */
export function planTitle(counts: ChangeCounts, extras: TitleExtras = {}): string {
  const parts = [
    `${counts.create + counts.replace} to add`,
    `${counts.update} to change`,
    `${counts.delete + counts.replace} to destroy`,
  ];
  if (extras.imports) parts.unshift(`${extras.imports} to import`);
  if (extras.forgets) parts.push(`${extras.forgets} to forget`);
  return parts.join(", ");
}
