import type { SummaryEntry, ValueChange } from "./describe-change.js";
import { fitBudget } from "./fit-budget.js";
import { SECTION_ORDER, type PlanDigest, type SectionId } from "./group-changes.js";
import { shorten } from "./display-value.js";
import { codeSpan, oneLine } from "./markdown-text.js";
import { planTitle } from "./plan-title.js";

/** GitHub rejects comment bodies and check-run summaries longer than this. */
export const GITHUB_TEXT_LIMIT = 65_536;
/** The default budget leaves room for a caller's header and footer around the summary. */
export const DEFAULT_BUDGET = 60_000;
/** Below this not even the counts and the section headings are sure to fit. */
const MIN_BUDGET = 4_000;
const MAX_FULL_PLAN_CHARS = 1_000;
/** Sections with more entries than this start collapsed. */
const COLLAPSE_OVER = 10;

export interface RenderOptions {
  /** The most characters the markdown may have; clamped to 4,000 … 65,536. */
  budget?: number;
  /**
   * Where the full plan is, as a markdown noun phrase or link shown after "The full plan:" when
   * entries are left out, e.g. "[`plan.json` in the run's artifacts](https://…)".
   */
  fullPlan?: string;
}

/** The rendered summary and what it had to leave out. */
export interface RenderedSummary {
  markdown: string;
  /** Entries (resource changes, drifted resources, outputs) in the plan. */
  total: number;
  listed: number;
  leftOut: number;
}

const HEADINGS: Record<SectionId, string> = {
  delete: "Destroy",
  replace: "Replace",
  update: "Update in place",
  create: "Create",
  read: "Read (data sources)",
  drift: "Changed outside Terraform",
  outputs: "Output changes",
};

/**
 * Renders a digest as GitHub markdown of at most `budget` characters. Sizes are measured on the
 * very strings that are joined, with the left-out counts at their largest, so the result is within
 * the budget by construction rather than by truncation.
 */
export function renderSummary(digest: PlanDigest, options: RenderOptions = {}): RenderedSummary {
  const budget = clampBudget(options.budget);
  const fullPlan = shorten(oneLine(options.fullPlan ?? "the `plan.json` artifact of this run"), MAX_FULL_PLAN_CHARS);
  const sections = SECTION_ORDER.filter((id) => digest.sections[id].total > 0).map((id) => ({
    id,
    total: digest.sections[id].total,
    lines: digest.sections[id].entries.map((entry) => renderEntry(id, entry)),
  }));
  const header = renderHeader(digest);
  const frames = sections.reduce((sum, s) => sum + frameLength(sectionFrame(s.id, s.total, 0)), 0);
  const room = budget - header.length - frames - leftOutMarker(sections.map((s) => ({ ...s, shown: 0 })), fullPlan).length;
  const shown = fitBudget(sections.map((s) => ({ entries: s.lines.map((line) => line.length) })), room);

  const parts = [header];
  const counted = sections.map((s, index) => ({ ...s, shown: shown[index]! }));
  for (const s of counted) {
    const frame = sectionFrame(s.id, s.total, s.shown);
    parts.push(frame.open, ...s.lines.slice(0, s.shown), frame.close);
  }
  const total = counted.reduce((sum, s) => sum + s.total, 0);
  const listed = counted.reduce((sum, s) => sum + s.shown, 0);
  if (listed < total) parts.push(leftOutMarker(counted, fullPlan));
  const markdown = parts.join("");
  // Unreachable by construction (every part above was measured); kept so a future change cannot post an over-long body.
  if (markdown.length > budget) throw new Error(`the plan summary came out ${markdown.length} characters long, over its budget of ${budget}`);
  return { markdown, total, listed, leftOut: total - listed };
}

/** The budget actually used for a requested one: the default when none, and never past GitHub's limit. */
export function clampBudget(budget: number | undefined): number {
  return Math.min(Math.max(budget ?? DEFAULT_BUDGET, MIN_BUDGET), GITHUB_TEXT_LIMIT);
}

/** One entry as markdown: a top-level list item, with its changed values as nested items. */
export function renderEntry(id: SectionId, entry: SummaryEntry): string {
  if (id === "outputs") return `- ${codeSpan(entry.address)}: ${renderOutputValue(entry.values[0])}\n`;
  let line = `- ${codeSpan(entry.address)}`;
  if (entry.previousAddress) line += ` (moved from ${codeSpan(entry.previousAddress)})`;
  if (entry.reason) line += ` — ${entry.reason}`;
  if (entry.forcedBy) line += ` — forced by ${entry.forcedBy.map(codeSpan).join(", ")}`;
  line += "\n";
  for (const value of entry.values) line += `  - ${codeSpan(value.name)}: ${codeSpan(value.before)} → ${codeSpan(value.after)}\n`;
  if (entry.moreValues > 0) line += `  - …and ${entry.moreValues} more attributes\n`;
  return line;
}

function renderOutputValue(value: ValueChange | undefined): string {
  if (!value) return "";
  if (value.before === "") return `${codeSpan(value.after)} (new)`;
  if (value.after === "") return `removed (was ${codeSpan(value.before)})`;
  return `${codeSpan(value.before)} → ${codeSpan(value.after)}`;
}

function renderHeader(digest: PlanDigest): string {
  const { counts } = digest;
  const anyChange = Object.values(counts).some((count) => count > 0) || digest.imports > 0 || digest.forgets > 0;
  let header = anyChange
    ? `**Plan: ${planTitle(counts, digest)}.**\n\n`
    : "**No changes.** Your infrastructure matches the configuration.\n\n";
  if (digest.errored) header += "> [!WARNING]\n> Terraform reported errors while planning; this plan is incomplete.\n\n";
  header += "| Create | Update | Replace | Destroy | Read |\n| ---: | ---: | ---: | ---: | ---: |\n";
  header += `| ${counts.create} | ${counts.update} | ${counts.replace} | ${counts.delete} | ${counts.read} |\n\n`;
  return header;
}

interface Frame {
  open: string;
  close: string;
}

/** A section's `<details>` block around its entries; with `shown` 0 it is at its longest. */
function sectionFrame(id: SectionId, total: number, shown: number): Frame {
  const details = total > COLLAPSE_OVER ? "<details>" : "<details open>";
  const noun = id === "outputs" ? "output" : "resource";
  const more = shown < total ? `\n_…and ${total - shown} more not listed here._\n` : "";
  return {
    open: `${details}\n<summary><strong>${HEADINGS[id]}</strong> (${total} ${noun}${total === 1 ? "" : "s"})</summary>\n\n`,
    close: `${more}\n</details>\n\n`,
  };
}

function frameLength(frame: Frame): number {
  return frame.open.length + frame.close.length;
}

/** The note that says how much was left out and where the full plan is; longest when nothing is shown. */
function leftOutMarker(sections: ReadonlyArray<{ id: SectionId; total: number; shown: number }>, fullPlan: string): string {
  const total = sections.reduce((sum, s) => sum + s.total, 0);
  const count = sections.reduce((sum, s) => sum + s.total - s.shown, 0);
  const detail = sections
    .filter((s) => s.shown < s.total)
    .map((s) => `${lowerFirst(HEADINGS[s.id])}: ${s.total - s.shown}`)
    .join(", ");
  return `> [!NOTE]\n> **${count} of ${total} changes are not listed** (${detail}) to keep this summary within GitHub's size limit. The full plan: ${fullPlan}\n`;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
