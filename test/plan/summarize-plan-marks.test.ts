import { describe, expect, it } from "vitest";
import { summarizePlan } from "../../app/plan/summarize-plan.js";

// Sensitivity marks of unusual shapes, as plans written by other Terraform versions or tools carry
// them: a summary must neither fail on them nor hide values that no mark covers.

/** The markdown of one updated resource `t.r` with these before/after values and marks. */
function updated(change: Record<string, unknown>): string {
  return summarizePlan({ resource_changes: [{ address: "t.r", type: "t", change: { actions: ["update"], after_unknown: {}, before_sensitive: {}, after_sensitive: {}, ...change } }] }).markdown;
}

describe("summarizePlan and sensitivity marks of unusual shapes", () => {
  it("reads null marks as no marks", () => {
    const markdown = updated({ before: { a: 1 }, after: { a: 2 }, before_sensitive: null, after_sensitive: null, after_unknown: null });
    expect(markdown).toContain("`a`: `1` → `2`");
  });

  it("hides a sensitive boolean and skips a mark for an attribute the value lacks, hiding nothing else", () => {
    const markdown = updated({
      before: { enabled: false, name: "truck" },
      after: { enabled: true, name: "trucks" },
      before_sensitive: { enabled: true, missing: true },
      after_sensitive: { enabled: true, missing: true },
    });
    expect(markdown).toContain("`enabled`: `(sensitive)` → `(sensitive)`");
    // The text of a boolean or of a missing value is no secret: a name that contains "ru" or "als" still shows.
    expect(markdown).toContain('`name`: `"truck"` → `"trucks"`');
  });
});
