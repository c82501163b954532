import fc from "fast-check";
import type { PlanChangeJson, PlanJson, ResourceChangeJson } from "../../../app/plan/plan-json.js";

/** What fast-check varies; `buildPlan` expands it, so large plans cost little to generate and shrink. */
export interface PlanShape {
  changes: number;
  drift: number;
  outputs: number;
  addressLength: number;
  /** Arbitrary text (any Unicode, backticks, newlines, markup) put into addresses, names and values. */
  odd: string[];
  seed: number;
}

export const planShape: fc.Arbitrary<PlanShape> = fc.record({
  changes: fc.oneof(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 20_000 })),
  drift: fc.integer({ min: 0, max: 2_000 }),
  outputs: fc.integer({ min: 0, max: 500 }),
  addressLength: fc.integer({ min: 1, max: 2_000 }),
  odd: fc.array(fc.oneof(fc.string({ unit: "binary" }), fc.constantFrom("`", "``` </details> <!--", "\n- injected", "@someone", "|a|b|")), { minLength: 1, maxLength: 5 }),
  seed: fc.integer(),
});

const ACTIONS = [["no-op"], ["create"], ["update"], ["delete"], ["read"], ["delete", "create"], ["create", "delete"], ["forget"]];
const COUNTED = new Set(["create", "update", "delete", "read", "delete,create", "create,delete"]);

/** Expands a shape into a plan JSON value, the same every time. */
export function buildPlan(shape: PlanShape): PlanJson {
  let state = shape.seed >>> 0;
  const next = (n: number) => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return (state >>> 8) % n;
  };
  const odd = (i: number) => shape.odd[i % shape.odd.length]!;
  const padding = "k".repeat(shape.addressLength);
  const resource = (i: number, actions: string[]): ResourceChangeJson => {
    const before = { id: `id-${i}`, name: odd(i), secret: `secret-${i}`, tags: { [odd(i + 1)]: `t${next(5)}` } };
    const after = { ...before, name: `${odd(i + 2)}-${next(3)}`, size: next(100) };
    return {
      address: `module.m${i % 7}.terraform_data.r["${odd(i)}-${i}-${padding}"]`,
      type: "terraform_data",
      action_reason: next(4) === 0 ? "replace_because_tainted" : null,
      change: {
        actions,
        before: actions[0] === "create" || actions[0] === "read" ? null : before,
        after: actions.length === 1 && actions[0] === "delete" ? null : after,
        after_unknown: next(2) === 0 ? { size: true } : {},
        before_sensitive: { secret: true },
        after_sensitive: { secret: true, tags: next(2) === 0 ? true : {} },
        replace_paths: actions.length === 2 ? [["name"], ["tags", odd(i + 3)]] : null,
      },
    };
  };
  const output = (i: number): [string, PlanChangeJson] => [
    `out_${i}_${odd(i)}`,
    { actions: ACTIONS[next(4)]!, before: odd(i + 1), after: `${odd(i)}${padding}`, after_unknown: false, before_sensitive: i % 5 === 0, after_sensitive: i % 5 === 0 },
  ];
  return {
    format_version: "1.2",
    terraform_version: "1.11.4",
    resource_changes: Array.from({ length: shape.changes }, (_, i) => resource(i, ACTIONS[next(ACTIONS.length)]!)),
    resource_drift: Array.from({ length: shape.drift }, (_, i) => {
      const drifted = resource(i, [["update"], ["delete"], ["no-op"]][next(3)]!);
      return next(2) === 0 ? { ...drifted, previous_address: `terraform_data.old_${i}` } : drifted;
    }),
    output_changes: Object.fromEntries(Array.from({ length: shape.outputs }, (_, i) => output(i))),
  };
}

/** The entries a summary of `plan` covers, counted straight from the plan: every change but no-ops and forgets. */
export function countEntries(plan: PlanJson): number {
  const counted = (change: PlanChangeJson) => COUNTED.has(change.actions.join(","));
  const resources = (plan.resource_changes ?? []).filter((rc) => counted(rc.change)).length;
  const drift = (plan.resource_drift ?? []).filter((rc) => counted(rc.change) || rc.previous_address).length;
  const outputs = Object.values(plan.output_changes ?? {}).filter(counted).length;
  return resources + drift + outputs;
}
