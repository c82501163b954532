import { describe, expect, it } from "vitest";
import { decideDashboard } from "../../../app/decisions/decide-dashboard.js";
import type { EnvironmentRecord, EnvironmentState } from "../../../app/decisions/environments-model.js";
import { GITHUB_TEXT_LIMIT } from "../../../app/plan/render-summary.js";
import { isDashboardBody, renderDashboard, showsDashboard, VISIBLE_ROWS } from "../../../app/templates/dashboard-body.js";
import { sha } from "./facts.js";

const REPO = "https://github.com/o/r";

function env(i: number, state: EnvironmentState = "applied", over: Partial<EnvironmentRecord> = {}): EnvironmentRecord {
  const slug = `e${i}`;
  return {
    branch: `env-${slug}`,
    slug,
    githubEnvironment: `env-${slug}`,
    state,
    head: state === "destroyed" ? null : sha("a"),
    applied: { sha: sha("a"), at: "2026-11-22T08:10:00Z" },
    pusher: "alice",
    url: "https://e.example.net",
    run: { url: `${REPO}/runs/${i}`, title: "" },
    plan: null,
    pullRequests: [],
    activityAt: `2026-11-22T08:${String(i % 60).padStart(2, "0")}:00Z`,
    ...over,
  };
}

describe("the dashboard body", () => {
  it("is a table row per environment with its links, absolute times and no mention", () => {
    const { body } = renderDashboard([env(1, "plan-waiting", { plan: { add: 3, change: 1, destroy: 0 }, pullRequests: [{ number: 7, base: "env-e1", title: "t", url: `${REPO}/pull/7` }] })], REPO);
    expect(isDashboardBody(body)).toBe(true);
    expect(body).toContain(
      `| [\`env-e1\`](${REPO}/tree/env-e1) | plan waiting for approval | [\`aaaaaaa\`](${REPO}/commit/${sha("a")}) 2026-11-22 08:10 UTC | \`alice\` | [open](https://e.example.net) · [deployments](${REPO}/deployments/env-e1) | [+3 ~1 -0](${REPO}/runs/1) | [#7](${REPO}/pull/7) |`,
    );
    expect(body).not.toMatch(/@alice|ago\b/);
  });

  it("keeps a pipe or backtick in a branch name inside its cell", () => {
    const { body } = renderDashboard([env(1, "applied", { branch: "env-a|b`c" })], REPO);
    const row = body.split("\n").find((line) => line.includes("a\\|b"));
    expect(row).toContain("``env-a\\|b`c``");
    expect(row?.replace(/\\\|/g, "").split("|")).toHaveLength(9);
  });

  it("folds live environments after the first rows, and the destroyed ones", () => {
    const records = [...Array.from({ length: VISIBLE_ROWS + 3 }, (_, i) => env(i)), env(100, "destroyed"), env(101, "destroyed")];
    const { body } = renderDashboard(records, REPO);
    expect(body).toContain("<details><summary>3 more environments</summary>");
    expect(body).toContain("<details><summary>2 destroyed</summary>");
    const beforeFold = body.slice(0, body.indexOf("<details>"));
    expect(beforeFold.match(/^\| \[/gm)).toHaveLength(VISIBLE_ROWS);
    // Folded rows are short: the name, the state and the run.
    expect(body).toContain(`| \`env-e${VISIBLE_ROWS}\` | applied | [check run](${REPO}/runs/${VISIBLE_ROWS}) |`);
    expect(body).toContain(`| \`env-e100\` | destroyed | [check run](${REPO}/runs/100) |`);
  });

  it("shows all of 500 environments with realistic names and links", () => {
    const records = Array.from({ length: 500 }, (_, i) =>
      env(i, "applied", { branch: `env-feature-${i}`, url: `https://app-octorepo-feature-${i}.azurewebsites.net`, run: { url: `${REPO}/runs/3456789012${i}`, title: "" }, pullRequests: [{ number: 100 + i, base: "", title: "", url: `${REPO}/pull/${100 + i}` }] }),
    );
    const { body } = renderDashboard(records, REPO);
    expect(body.length).toBeLessThanOrEqual(GITHUB_TEXT_LIMIT);
    expect(body.match(/^\| \[?`env-feature-/gm)).toHaveLength(500);
    expect(body).not.toContain("not shown");
  });

  it("stays within GitHub's body limit with 500 environments of long names, and says how many it leaves out", () => {
    const records = Array.from({ length: 500 }, (_, i) => env(i, i % 5 === 0 ? "destroyed" : "applied", { branch: `env-${"x".repeat(200)}-${i}` }));
    const { body } = renderDashboard(records, REPO);
    expect(body.length).toBeLessThanOrEqual(GITHUB_TEXT_LIMIT);
    const shown = body.match(/^\| \[?`env-/gm)?.length ?? 0;
    expect(shown).toBeGreaterThan(50);
    expect(body).toContain(`${500 - shown} older environments are not shown`);
    // The live environments are kept before the destroyed ones.
    expect(body).not.toContain("destroyed</summary>");
  });

  it("leaves out the oldest environments first: those given last", () => {
    const records = Array.from({ length: 500 }, (_, i) => env(i, "applied", { branch: `env-e${i}-${"x".repeat(150)}` }));
    const { body } = renderDashboard(records, REPO);
    const shown = body.match(/^\| \[?`env-/gm)?.length ?? 0;
    expect(shown).toBeLessThan(500);
    expect(body).toContain("`env-e0-");
    expect(body).toContain(`\`env-e${shown - 1}-`);
    expect(body).not.toContain(`\`env-e${shown}-`);
    expect(renderDashboard(records.slice(0, shown), REPO).body).not.toContain("not shown");
  });

  it("renders the same facts to the same bytes, and other facts to another hash", () => {
    const a = renderDashboard([env(1), env(2)], REPO);
    expect(renderDashboard([env(1), env(2)], REPO)).toEqual(a);
    expect(renderDashboard([env(1), env(2, "failed")], REPO).hash).not.toBe(a.hash);
  });
});

describe("decideDashboard", () => {
  const next = renderDashboard([env(1)], REPO);

  it("opens a dashboard when there is none", () => {
    expect(decideDashboard([], next)).toEqual({ write: { kind: "create" }, close: [] });
  });

  it("writes nothing when the dashboard already shows the body", () => {
    expect(showsDashboard(next.body, next)).toBe(true);
    expect(decideDashboard([{ number: 3, body: next.body }], next)).toEqual({ write: null, close: [] });
  });

  it("writes when the body differs, or was edited under an unchanged marker", () => {
    const older = renderDashboard([env(1, "applying")], REPO);
    expect(decideDashboard([{ number: 3, body: older.body }], next).write).toEqual({ kind: "update", number: 3 });
    expect(decideDashboard([{ number: 3, body: `${next.body}\nhand edit` }], next).write).toEqual({ kind: "update", number: 3 });
  });

  it("keeps the oldest of several and closes the others with a link to it", () => {
    expect(decideDashboard([{ number: 3, body: next.body }, { number: 9, body: "" }, { number: 12, body: "" }], next)).toEqual({
      write: null,
      close: [
        { number: 9, kept: 3 },
        { number: 12, kept: 3 },
      ],
    });
  });
});
