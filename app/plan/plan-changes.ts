import type { PlanJson } from "./plan-json.js";

export type { PlanJson } from "./plan-json.js";

/** The kinds of change a plan summary counts; Terraform's no-ops are left out. */
export const CHANGE_KINDS = ["create", "update", "replace", "delete", "read"] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export type ChangeCounts = Record<ChangeKind, number>;

/** One resource the plan changes. */
export interface ResourceChange {
  address: string;
  type: string;
  kind: ChangeKind;
}

/** What a plan changes: counts per kind and the changed resources, in plan order. */
export interface PlanChanges {
  counts: ChangeCounts;
  resources: ResourceChange[];
}

/** Maps Terraform's action list for one resource to the kind of change it is, or null for a no-op. */
export function changeKind(actions: readonly string[]): ChangeKind | null {
  if (actions.length === 2 && actions.includes("delete") && actions.includes("create")) return "replace";
  const [only] = actions;
  switch (only) {
    case "create":
    case "update":
    case "delete":
    case "read":
      return only;
    default:
      return null;
  }
}

/** A fresh tally with every kind at zero. */
export function emptyChangeCounts(): ChangeCounts {
  return { create: 0, update: 0, replace: 0, delete: 0, read: 0 };
}

/** Counts and lists the changes of a parsed plan. */
export function planChanges(plan: PlanJson): PlanChanges {
  const counts = emptyChangeCounts();
  const resources: ResourceChange[] = [];
  for (const rc of plan.resource_changes ?? []) {
    const kind = changeKind(rc.change.actions);
    if (!kind) continue;
    counts[kind] += 1;
    resources.push({ address: rc.address, type: rc.type, kind });
  }
  return { counts, resources };
}
