import type { DashboardBody } from "../templates/dashboard-body.js";
import { showsDashboard } from "../templates/dashboard-body.js";

/** What one redraw does: write the kept dashboard (or open one), and close the other dashboards. */
export interface DashboardEffect {
  write: { kind: "create" } | { kind: "update"; number: number } | null;
  close: Array<{ number: number; kept: number }>;
}

/**
 * The dashboard issues found (this app's, oldest first) and the body they should show → the writes.
 * The oldest is kept and written only when it does not show the body already; every other one is
 * closed, linking the kept one.
 */
export function decideDashboard(issues: ReadonlyArray<{ number: number; body: string }>, next: DashboardBody): DashboardEffect {
  const [kept, ...others] = issues;
  if (!kept) return { write: { kind: "create" }, close: [] };
  return {
    write: showsDashboard(kept.body, next) ? null : { kind: "update", number: kept.number },
    close: others.map((issue) => ({ number: issue.number, kept: kept.number })),
  };
}
