import { STATES, type EnvironmentFilter, type EnvironmentRow } from "./environment-filter.js";
import { escapeHtml, link, page } from "./html.js";
import type { RepositoryEnvironments } from "./repository-environments.js";
import type { VisibleRepository } from "./user-repositories.js";
import { STATE_TEXT } from "../templates/environment-state-text.js";
import { archiveText, lockText, type TextFormat } from "../templates/environment-storage-text.js";

/** What the environments page shows a signed-in user. */
export interface EnvironmentsView {
  login: string;
  /** Every repository the user's token listed: the filter menus offer these. */
  visible: readonly VisibleRepository[];
  filter: EnvironmentFilter;
  /** The repositories read for this filter, with any problem reading them. */
  read: readonly RepositoryEnvironments[];
  /** Matching repositories not read, past the page's bound. */
  leftOut: number;
  rows: readonly EnvironmentRow[];
}

/** The environments page: who is signed in, the filter form (a GET form, so it works without script), the table. */
export function renderEnvironmentsPage(view: EnvironmentsView): string {
  const problems = view.read.filter((r) => r.problem !== null && r.problem !== "not set up");
  return page(
    "Environments · envbranch",
    [
      `<header><h1>Environments</h1><form method="post" action="/environments/logout"><span class="note">Signed in as ${escapeHtml(view.login)}</span> <button class="quiet" type="submit">Sign out</button></form></header>`,
      filterForm(view),
      table(view.rows),
      ...problems.map((r) => `<p class="note">${link(r.repository.fullName, r.repository.url)}: ${r.problem === "invalid config" ? "its .github/envbranch.yml is invalid, so no environments are shown" : "its environments could not be read just now"}.</p>`),
      ...(view.leftOut > 0 ? [`<p class="note">${view.leftOut} more repositories are not shown: choose a repository or an owner to see them.</p>`] : []),
      `<p class="note">You see the repositories GitHub shows your account in the installations of this app; the page reads them again after a minute. <a href="/api/environments">The same as JSON</a>.</p>`,
    ].join("\n"),
  );
}

function filterForm(view: EnvironmentsView): string {
  const owners = [...new Set(view.visible.map((r) => r.owner))].sort((a, b) => a.localeCompare(b));
  const select = (name: string, label: string, options: ReadonlyArray<readonly [string, string]>, chosen: string | null) =>
    `<label for="f-${name}">${label}<select id="f-${name}" name="${name}"><option value="">Any</option>${options
      .map(([value, text]) => `<option value="${escapeHtml(value)}"${chosen !== null && chosen.toLowerCase() === value.toLowerCase() ? " selected" : ""}>${escapeHtml(text)}</option>`)
      .join("")}</select></label>`;
  return [
    `<form class="filters" method="get" action="/environments" role="search" aria-label="Filter environments">`,
    select("repository", "Repository", view.visible.map((r) => [r.fullName, r.fullName] as const), view.filter.repository),
    select("owner", "Owner", owners.map((o) => [o, o] as const), view.filter.owner),
    select("state", "State", STATES.map((s) => [s, STATE_TEXT[s]] as const), view.filter.state),
    `<button type="submit">Filter</button>`,
    `</form>`,
  ].join("");
}

const COLUMNS = ["Repository", "Environment", "State", "Applied commit", "Pushed by", "Deployment", "Last run", "Pull requests"] as const;

function table(rows: readonly EnvironmentRow[]): string {
  if (rows.length === 0) return `<p>No environments match.</p>`;
  const head = `<thead><tr>${COLUMNS.map((c) => `<th scope="col">${c}</th>`).join("")}</tr></thead>`;
  const body = rows.map((row) => `<tr>${cells(row).map((html, i) => `<td data-label="${COLUMNS[i]}">${html}</td>`).join("")}</tr>`).join("\n");
  return `<table><caption>${rows.length} environment${rows.length === 1 ? "" : "s"}, newest activity first</caption>${head}<tbody>\n${body}\n</tbody></table>`;
}

function cells(row: EnvironmentRow): string[] {
  const tree = `${row.repositoryUrl}/tree/${row.branch.split("/").map(encodeURIComponent).join("/")}`;
  const branch = `<code>${row.head ? link(row.branch, tree) : escapeHtml(row.branch)}</code>`;
  const applied = row.applied ? `<code>${link(row.applied.sha.slice(0, 7), `${row.repositoryUrl}/commit/${row.applied.sha}`)}</code> ${escapeHtml(utc(row.applied.at))}` : "";
  const deployments = link("deployments", `${row.repositoryUrl}/deployments/${encodeURIComponent(row.githubEnvironment)}`);
  const counts = row.plan ? `+${row.plan.add} ~${row.plan.change} -${row.plan.destroy}` : "check run";
  return [
    link(row.repository, row.repositoryUrl),
    branch,
    stateCell(row),
    applied,
    row.pusher ? escapeHtml(row.pusher) : "",
    row.url ? `${link("open", row.url)} · ${deployments}` : deployments,
    row.run ? `<span class="counts">${link(counts, row.run.url)}</span>` : "",
    row.pullRequests.map((pr) => link(`#${pr.number}`, pr.url)).join(" "),
  ];
}

const HTML: TextFormat = { code: (text) => `<code>${escapeHtml(text)}</code>`, time: (text) => escapeHtml(utc(text)) };

// The state's badge, then what state storage says of it: a held lock, where a gone environment's state went.
function stateCell(row: EnvironmentRow): string {
  const notes = [lockText(row, HTML), archiveText(row, HTML)].filter((note) => note !== "");
  return [`<span class="state s-${row.state}">${STATE_TEXT[row.state]}</span>`, ...notes.map((note) => `<span class="note">${note}</span>`)].join(" ");
}

/** An ISO time as `2026-11-22 10:00 UTC`. */
function utc(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? "" : `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** The page before sign-in: one link that starts GitHub's sign-in; `problem` says why a sign-in failed. */
export function renderSignInPage(problem: string | null = null): string {
  return page(
    "Sign in · envbranch environments",
    [
      `<h1>Environments</h1>`,
      ...(problem ? [`<p role="alert">${escapeHtml(problem)}</p>`] : []),
      `<p>Sign in with GitHub to see the environments of every repository you can see in this app's installations.</p>`,
      `<p><a href="/environments/login">Sign in with GitHub</a></p>`,
    ].join("\n"),
  );
}

/** The page when the app has no OAuth client: how to enable it. */
export function renderSetupPage(): string {
  return page(
    "Environments page not enabled · envbranch",
    [
      `<h1>The environments page is not enabled</h1>`,
      `<p>It signs people in with GitHub, which needs the GitHub App's OAuth client. To enable it:</p>`,
      `<ol><li>In the GitHub App's settings, generate a client secret and add the callback URL <code>https://&lt;this app's host&gt;/environments/callback</code>.</li>`,
      `<li>Start the app with <code>GITHUB_CLIENT_ID</code> and <code>GITHUB_CLIENT_SECRET</code> set (Probot's setup writes both into <code>.env</code>).</li></ol>`,
    ].join("\n"),
  );
}
