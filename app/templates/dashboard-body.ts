import { createHash } from "node:crypto";
import type { EnvironmentRecord, EnvironmentState } from "../decisions/environments-model.js";
import { GITHUB_TEXT_LIMIT } from "../plan/render-summary.js";
import { details, inlineCode } from "./markdown.js";
import { STATE_TEXT } from "./environment-state-text.js";
import { archiveText, lockText, type TextFormat } from "./environment-storage-text.js";

/** The label every dashboard issue carries; finding one also needs the marker and this app as author. */
export const DASHBOARD_LABEL = "envbranch";

/** The dashboard issue's title: shown to people, never used to find the issue. */
export const DASHBOARD_TITLE = "envbranch: environments";

const MARKER = /^<!-- envbranch-dashboard v1 sha256:([0-9a-f]{64}) -->\n/;

/** Live environments shown before the rest fold away. */
export const VISIBLE_ROWS = 25;

/** A rendered dashboard: the full body (marker first) and the hash its marker carries. */
export interface DashboardBody {
  body: string;
  hash: string;
}

/** Whether an issue body opens with the dashboard's marker (anyone can type it: the author is checked too). */
export function isDashboardBody(body: string): boolean {
  return MARKER.test(body);
}

/**
 * Whether `current` already shows `next`: its marker carries the same hash, and the text after the
 * marker still hashes to it (a hand edit of the body is redrawn).
 */
export function showsDashboard(current: string, next: DashboardBody): boolean {
  const match = MARKER.exec(current);
  return match?.[1] === next.hash && hash(current.slice(match[0].length)) === next.hash;
}

/**
 * The dashboard issue's body: a table of live environments (the newest activity first, the rest folded
 * after VISIBLE_ROWS into a shorter table), the destroyed ones folded, and no relative times, so the same facts give the
 * same bytes. When it would pass `limit` (GitHub's body limit), the oldest environments are left out
 * and the body says how many.
 */
export function renderDashboard(records: readonly EnvironmentRecord[], repositoryUrl: string, limit = GITHUB_TEXT_LIMIT): DashboardBody {
  const ordered = [...records.filter((r) => r.state !== "destroyed"), ...records.filter((r) => r.state === "destroyed")];
  let low = 0;
  let high = ordered.length;
  // The longest prefix of the ordered environments that fits: each one kept makes the body longer.
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (withMarker(content(ordered, mid, repositoryUrl)).body.length <= limit) low = mid;
    else high = mid - 1;
  }
  return withMarker(content(ordered, low, repositoryUrl));
}

function withMarker(text: string): DashboardBody {
  const digest = hash(text);
  return { body: `<!-- envbranch-dashboard v1 sha256:${digest} -->\n${text}`, hash: digest };
}

function hash(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

function content(ordered: readonly EnvironmentRecord[], kept: number, repositoryUrl: string): string {
  const shown = ordered.slice(0, kept);
  const live = shown.filter((r) => r.state !== "destroyed");
  const destroyed = shown.filter((r) => r.state === "destroyed");
  const left = ordered.length - kept;
  return [
    "## Environments",
    "",
    summaryLine(ordered),
    "",
    ...(live.length > 0 ? [table(live.slice(0, VISIBLE_ROWS), repositoryUrl)] : []),
    ...(live.length > VISIBLE_ROWS ? ["", details(`${live.length - VISIBLE_ROWS} more environments`, compactTable(live.slice(VISIBLE_ROWS)))] : []),
    ...(destroyed.length > 0 ? ["", details(`${destroyed.length} destroyed`, compactTable(destroyed))] : []),
    ...(left > 0 ? ["", `${left} older environments are not shown: GitHub's issue body holds ${GITHUB_TEXT_LIMIT} characters.`] : []),
    ...(live.length > 0 ? ["", commands(live)] : []),
    "",
    "---",
    "envbranch redraws this issue when an environment changes, so edits to it are overwritten. `dashboard: false` in `.github/envbranch.yml` removes it from its updates.",
  ].join("\n");
}

/** A command a dashboard checkbox runs when ticked. */
export type TickCommand = "plan" | "destroy";

/**
 * The checkbox line of a command for an environment: the hidden key names the command and the slug,
 * and a tick counts only where the whole line is exactly the one rendered here (dashboard-ticks).
 */
export function tickLine(command: TickCommand, record: Pick<EnvironmentRecord, "branch" | "slug">): string {
  const label = command === "plan" ? "plan now" : "destroy";
  return `- [ ] ${label} ${inlineCode(record.branch)} <!-- envbranch:tick:${command}:${record.slug} -->`;
}

// A live branch's environment can be planned, and destroyed unless a destroy is under way.
function tickCommands(record: EnvironmentRecord): TickCommand[] {
  if (record.head === null) return [];
  return record.state === "destroying" ? ["plan"] : ["plan", "destroy"];
}

// Boxes for the newest live environments only: boxes for hundreds would not fit GitHub's body limit.
function commands(live: readonly EnvironmentRecord[]): string {
  const offered = live.slice(0, VISIBLE_ROWS);
  const rest = live.length > offered.length ? ` The ${live.length - offered.length} folded environments have none: comment \`/envbranch plan\` on a pull request into one, or delete its branch.` : "";
  return [
    "### Commands",
    "",
    `Tick a box to run its command with your own permission; envbranch answers in a comment and unticks it. \`plan now\` is allowed to whoever may comment \`/envbranch plan\`; \`destroy\`, as deleting the branch would, to whoever has write permission, on a branch without protection or a ruleset against deletion; it leaves the branch, whose next push creates the environment again.${rest}`,
    "",
    ...offered.flatMap((r) => tickCommands(r).map((command) => tickLine(command, r))),
  ].join("\n");
}

function summaryLine(records: readonly EnvironmentRecord[]): string {
  if (records.length === 0) return "No environments yet: push a branch starting with the configured prefix to create one.";
  const counts = (Object.keys(STATE_TEXT) as EnvironmentState[]).map((s) => [s, records.filter((r) => r.state === s).length] as const).filter(([, n]) => n > 0);
  return `${records.length} environments: ${counts.map(([s, n]) => `${n} ${STATE_TEXT[s]}`).join(", ")}.`;
}

function table(records: readonly EnvironmentRecord[], repositoryUrl: string): string {
  const rows = records.map((r) => `| ${[branchCell(r, repositoryUrl), stateCell(r), appliedCell(r, repositoryUrl), pusherCell(r), deploymentCell(r, repositoryUrl), runCell(r), pullsCell(r)].join(" | ")} |`);
  return ["| Environment | State | Applied commit | Pushed by | Deployment | Last run | Pull requests |", "|---|---|---|---|---|---|---|", ...rows].join("\n");
}

// Folded rows keep the name, the state and the run, a third of a full row, so hundreds fit.
function compactTable(records: readonly EnvironmentRecord[]): string {
  const rows = records.map((r) => `| ${[cell(inlineCode(r.branch)), stateCell(r), runCell(r)].join(" | ")} |`);
  return ["| Environment | State | Last run |", "|---|---|---|", ...rows].join("\n");
}

// Inside a table a pipe ends the cell, even inside a code span; GitHub reads `\|` as the character.
function cell(text: string): string {
  return text.replace(/\|/g, "\\|");
}

function link(text: string, url: string): string {
  return `[${text}](${url.replace(/[()\s]/g, encodeURIComponent)})`;
}

function branchCell(r: EnvironmentRecord, repositoryUrl: string): string {
  const name = cell(inlineCode(r.branch));
  return r.head ? link(name, `${repositoryUrl}/tree/${r.branch.split("/").map(encodeURIComponent).join("/")}`) : name;
}

const MARKDOWN: TextFormat = { code: (text) => cell(inlineCode(text)), time: utc };

// The state, then what state storage says of it: a held lock, where a gone environment's state went.
function stateCell(r: EnvironmentRecord): string {
  return [STATE_TEXT[r.state], lockText(r, MARKDOWN), archiveText(r, MARKDOWN)].filter((part) => part !== "").join(" · ");
}

function appliedCell(r: EnvironmentRecord, repositoryUrl: string): string {
  return r.applied ? `${link(inlineCode(r.applied.sha.slice(0, 7)), `${repositoryUrl}/commit/${r.applied.sha}`)} ${utc(r.applied.at)}` : "";
}

// A login as code, not a mention: a redraw must not notify anyone.
function pusherCell(r: EnvironmentRecord): string {
  return r.pusher ? cell(inlineCode(r.pusher)) : "";
}

function deploymentCell(r: EnvironmentRecord, repositoryUrl: string): string {
  const page = link("deployments", `${repositoryUrl}/deployments/${encodeURIComponent(r.githubEnvironment)}`);
  return r.url ? `${link("open", r.url)} · ${page}` : page;
}

function runCell(r: EnvironmentRecord): string {
  if (!r.run) return "";
  const counts = r.plan ? `+${r.plan.add} ~${r.plan.change} -${r.plan.destroy}` : "check run";
  return link(counts, r.run.url);
}

function pullsCell(r: EnvironmentRecord): string {
  return r.pullRequests.map((pr) => link(`#${pr.number}`, pr.url)).join(" ");
}

/** An ISO time as `2026-11-22 10:00 UTC`: absolute, so a redraw never changes a body by the clock. */
function utc(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? "" : `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
