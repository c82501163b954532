import { displayValue, hasMark, markOf, sensitiveTexts, shorten } from "./display-value.js";
import type { AttributePath, PlanChangeJson, ResourceChangeJson } from "./plan-json.js";

/** One changed value, already display text (sensitive parts masked, long ones shortened). */
export interface ValueChange {
  /** The attribute name; empty for an output, whose name is the entry's. */
  name: string;
  before: string;
  after: string;
}

/** One line of the summary: a resource, a drifted resource or an output, ready to render. */
export interface SummaryEntry {
  address: string;
  /** Why Terraform does this, in words (e.g. "removed from configuration"). */
  reason?: string;
  previousAddress?: string;
  /** Attribute paths that force a replacement. */
  forcedBy?: string[];
  values: ValueChange[];
  /** Changed values not listed. */
  moreValues: number;
}

const MAX_ADDRESS_CHARS = 300;
const MAX_VALUES = 10;
const MAX_FORCED_BY = 10;

/** Terraform's `action_reason` codes in words; unknown codes are shown as they are. */
const REASONS: Record<string, string> = {
  replace_because_tainted: "tainted",
  replace_by_request: "replacement requested",
  replace_by_triggers: "replace_triggered_by",
  // Said by the attributes that force it, listed beside.
  replace_because_cannot_update: "",
  delete_because_no_resource_config: "removed from configuration",
  delete_because_no_module: "module removed from configuration",
  delete_because_wrong_repetition: "count/for_each changed",
  delete_because_count_index: "count index out of range",
  delete_because_each_key: "for_each key removed",
  delete_because_no_move_target: "moved target missing",
  read_because_config_unknown: "configuration known after apply",
  read_because_dependency_pending: "depends on a pending change",
  read_because_check_nested: "used in a check block",
};

/** Describes a planned resource change; attribute values are listed for updates and replacements only. */
export function describeResourceChange(rc: ResourceChangeJson, withValues: boolean): SummaryEntry {
  const change = rc.change;
  const paths = change.replace_paths ?? [];
  const values = withValues ? changedAttributes(change) : [];
  const reason = reasonFor(rc.action_reason);
  return {
    address: shorten(String(rc.address), MAX_ADDRESS_CHARS),
    ...(reason ? { reason } : {}),
    ...(rc.previous_address ? { previousAddress: shorten(rc.previous_address, MAX_ADDRESS_CHARS) } : {}),
    ...(paths.length > 0 ? { forcedBy: paths.slice(0, MAX_FORCED_BY).map(formatPath) } : {}),
    values: values.slice(0, MAX_VALUES),
    moreValues: Math.max(0, values.length - MAX_VALUES),
  };
}

/** Describes a change Terraform found outside itself (`resource_drift`). */
export function describeDrift(rc: ResourceChangeJson): SummaryEntry {
  const actions = rc.change.actions;
  const reason = actions.includes("delete") ? "deleted outside Terraform" : actions.includes("update") ? "changed outside Terraform" : undefined;
  const entry = describeResourceChange({ ...rc, action_reason: null, change: { ...rc.change, replace_paths: null } }, actions.includes("update"));
  return { ...entry, ...(reason ? { reason } : {}) };
}

/** Describes an output change: its name and its value before and after. */
export function describeOutput(name: string, change: PlanChangeJson): SummaryEntry {
  const before = change.actions.includes("create") ? "" : displayValue(change.before, change.before_sensitive);
  const after = change.actions.includes("delete") ? "" : displayValue(change.after, change.after_sensitive, change.after_unknown);
  return { address: shorten(name, MAX_ADDRESS_CHARS), values: [{ name: "", before, after }], moreValues: 0 };
}

/** Terraform's reason in words; a code this version does not know is shown as it is, if it looks like one. */
function reasonFor(code: string | null | undefined): string | undefined {
  if (!code) return undefined;
  return REASONS[code] ?? (/^[a-z_]{1,80}$/.test(code) ? code.replace(/_/g, " ") : undefined);
}

/** The top-level attributes whose value or knownness changes, in display form. */
function changedAttributes(change: PlanChangeJson): ValueChange[] {
  const before = asObject(change.before);
  const after = asObject(change.after);
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  const secrets = sensitiveTexts(change.after, change.after_sensitive, sensitiveTexts(change.before, change.before_sensitive));
  const changed: ValueChange[] = [];
  for (const name of names) {
    const unknown = markOf(change.after_unknown, name);
    if (!hasMark(unknown) && JSON.stringify(before[name]) === JSON.stringify(after[name])) continue;
    changed.push({
      name: shorten(name, MAX_ADDRESS_CHARS),
      before: displayValue(before[name], markOf(change.before_sensitive, name), undefined, secrets),
      after: displayValue(after[name], markOf(change.after_sensitive, name), unknown, secrets),
    });
  }
  return changed;
}

function asObject(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Writes an attribute path the way Terraform shows it: `tags["env"]`, `rule[0].name`. */
function formatPath(path: AttributePath): string {
  let text = "";
  for (const step of path) {
    if (typeof step === "number") text += `[${step}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(step)) text += text === "" ? step : `.${step}`;
    else text += `[${JSON.stringify(step)}]`;
  }
  return shorten(text, MAX_ADDRESS_CHARS);
}
