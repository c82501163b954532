import { describeDrift, describeOutput, describeResourceChange, type SummaryEntry } from "./describe-change.js";
import { changeKind, emptyChangeCounts, type ChangeCounts, type ChangeKind } from "./plan-changes.js";
import type { PlanChangeJson, ResourceChangeJson } from "./plan-json.js";

/** The sections of a summary, in the order they are shown: destructive changes first. */
export const SECTION_ORDER = ["delete", "replace", "update", "create", "read", "drift", "outputs"] as const;
export type SectionId = (typeof SECTION_ORDER)[number];

/** The entries of one section that were kept, and how many there were in all. */
export interface Section {
  total: number;
  entries: SummaryEntry[];
}

/** Everything a summary is rendered from; plain data. */
export interface PlanDigest {
  counts: ChangeCounts;
  imports: number;
  forgets: number;
  sections: Record<SectionId, Section>;
  /** Terraform reported errors while planning, so the plan is partial. */
  errored: boolean;
  /** Terraform's own word (1.8+) on whether applying the plan changes anything, outputs included; null before 1.8. */
  applyable: boolean | null;
}

export interface GroupOptions {
  /**
   * How many characters of entries a section keeps, measured by `measure`. No section can show
   * more than the whole summary's budget, so entries past it are only counted: this is what
   * keeps memory bounded however large the plan.
   */
  keepChars: number;
  measure: (section: SectionId, entry: SummaryEntry) => number;
}

/** Collects a plan's changes one at a time into counts and sections, keeping only what can be shown. */
export class PlanDigestBuilder {
  private readonly digest: PlanDigest;
  private readonly kept = Object.fromEntries(SECTION_ORDER.map((id) => [id, 0])) as Record<SectionId, number>;

  constructor(private readonly options: GroupOptions) {
    const sections = Object.fromEntries(SECTION_ORDER.map((id): [SectionId, Section] => [id, { total: 0, entries: [] }]));
    this.digest = { counts: emptyChangeCounts(), imports: 0, forgets: 0, sections: sections as Record<SectionId, Section>, errored: false, applyable: null };
  }

  /** Adds one element of `resource_changes`. */
  addResourceChange(rc: ResourceChangeJson): void {
    const actions = actionsOf(rc.change);
    if (rc.change.importing) this.digest.imports += 1;
    const kind = this.count(actions);
    if (kind) this.add(kind, () => describeResourceChange(rc, withValues(kind)));
  }

  /**
   * Counts a resource change (not being imported) from its actions alone, when its section keeps
   * no more entries; returns false when the whole change is wanted, to be given to `addResourceChange`.
   */
  countOnly(actions: string[]): boolean {
    const kind = changeKind(actions);
    if (kind && this.kept[kind] <= this.options.keepChars) return false;
    this.count(actions);
    if (kind) this.digest.sections[kind].total += 1;
    return true;
  }

  /** Adds one element of `resource_drift`. */
  addDrift(rc: ResourceChangeJson): void {
    const actions = actionsOf(rc.change);
    // Terraform lists no-op drift only for moves in refresh-only plans; one without a move says nothing.
    if (actions.every((a) => a === "no-op") && !rc.previous_address) return;
    this.add("drift", () => describeDrift(rc));
  }

  /** Adds one member of `output_changes`; unchanged outputs are left out. */
  addOutput(name: string, change: PlanChangeJson): void {
    if (!changeKind(actionsOf(change))) return;
    this.add("outputs", () => describeOutput(name, change));
  }

  /** Records a small top-level member of the plan. */
  addMember(key: string, value: unknown): void {
    if (key === "errored" && value === true) this.digest.errored = true;
    if (key === "applyable" && typeof value === "boolean") this.digest.applyable = value;
  }

  /** The digest so far. */
  finish(): PlanDigest {
    return this.digest;
  }

  private count(actions: string[]): ChangeKind | null {
    if (actions.length === 1 && actions[0] === "forget") this.digest.forgets += 1;
    const kind = changeKind(actions);
    if (kind) this.digest.counts[kind] += 1;
    return kind;
  }

  private add(id: SectionId, describe: () => SummaryEntry): void {
    const section = this.digest.sections[id];
    section.total += 1;
    if (this.kept[id] > this.options.keepChars) return;
    const entry = describe();
    section.entries.push(entry);
    this.kept[id] += this.options.measure(id, entry);
  }
}

function withValues(kind: ChangeKind): boolean {
  return kind === "update" || kind === "replace";
}

/** The action list, checked: a plan is input, and a malformed one must fail with a reason. */
function actionsOf(change: PlanChangeJson | undefined): string[] {
  if (!change || !Array.isArray(change.actions)) {
    throw new Error("a change in the plan JSON has no `actions` list; is this `terraform show -json` output of a plan?");
  }
  return change.actions;
}
