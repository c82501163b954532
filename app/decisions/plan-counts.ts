/** A plan's counts as Terraform's plan line gives them. */
export interface PlanCounts {
  add: number;
  change: number;
  destroy: number;
}

// The words planTitle (app/plan/plan-title.ts) writes into a finished run's check-run title.
const COUNTS = /\b(\d+) to add, (\d+) to change, (\d+) to destroy\b/;

/** The plan counts a check run's title carries, or null when it names none. */
export function readPlanCounts(title: string): PlanCounts | null {
  const match = COUNTS.exec(title);
  return match ? { add: Number(match[1]), change: Number(match[2]), destroy: Number(match[3]) } : null;
}
