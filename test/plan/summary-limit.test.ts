import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GITHUB_TEXT_LIMIT } from "../../app/plan/render-summary.js";
import { summarizePlan, summarizePlanStream } from "../../app/plan/summarize-plan.js";
import { chunksOf } from "./support/chunks-of.js";
import { buildPlan, countEntries, planShape } from "./support/random-plan.js";

/** Top-level list items are the listed entries; nested ones (values) are indented. */
function listedIn(markdown: string): number {
  return markdown.split("\n").filter((line) => line.startsWith("- ")).length;
}

describe("plan summary size", () => {
  it("never exceeds GitHub's limit or the budget, and says exactly how many entries it left out", () => {
    fc.assert(
      fc.property(
        planShape,
        fc.option(fc.integer({ min: 0, max: 200_000 }), { nil: undefined }),
        fc.string({ maxLength: 3_000 }),
        (shape, budget, fullPlan) => {
          const plan = buildPlan(shape);
          const summary = summarizePlan(plan, { ...(budget === undefined ? {} : { budget }), fullPlan });
          const { markdown } = summary;
          expect(markdown.length).toBeLessThanOrEqual(GITHUB_TEXT_LIMIT);
          expect(markdown.length).toBeLessThanOrEqual(Math.max(budget ?? 60_000, 4_000));

          const total = countEntries(plan);
          const listed = listedIn(markdown);
          expect(listed).toBe(summary.listed);
          if (listed < total) expect(markdown).toContain(`**${total - listed} of ${total} changes are not listed**`);
          else expect(markdown).not.toContain("changes are not listed");
          expect(summary.leftOut).toBe(total - listed);
        },
      ),
      { numRuns: 25 },
    );
  });

  it("shows what fits: a plan that fits is listed whole", () => {
    fc.assert(
      fc.property(planShape, (shape) => {
        const plan = buildPlan({ ...shape, changes: shape.changes % 20, drift: shape.drift % 5, outputs: shape.outputs % 5, addressLength: shape.addressLength % 50 });
        const summary = summarizePlan(plan);
        expect(summary.leftOut).toBe(0);
        expect(summary.listed).toBe(countEntries(plan));
      }),
      { numRuns: 50 },
    );
  });

  it("gives the same summary from the JSON scanned in chunks of any size as from the parsed plan", async () => {
    await fc.assert(
      fc.asyncProperty(planShape, fc.constantFrom(undefined, 2), fc.array(fc.integer({ min: 1, max: 5_000 }), { minLength: 1, maxLength: 8 }), async (shape, indent, sizes) => {
        const plan = buildPlan({ ...shape, changes: shape.changes % 3_000 });
        const bytes = Buffer.from(JSON.stringify(plan, null, indent));
        expect(await summarizePlanStream(chunksOf(bytes, sizes))).toEqual(summarizePlan(plan));
      }),
      { numRuns: 15 },
    );
  });
});
