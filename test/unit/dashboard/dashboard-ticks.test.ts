import { describe, expect, it } from "vitest";
import { mayHaveTicked, tickedBoxes } from "../../../app/decisions/dashboard-ticks.js";
import type { EnvironmentRecord } from "../../../app/decisions/environments-model.js";
import { GITHUB_TEXT_LIMIT } from "../../../app/plan/render-summary.js";
import { renderDashboard, tickLine, VISIBLE_ROWS } from "../../../app/templates/dashboard-body.js";
import { sha } from "./facts.js";

const REPO = "https://github.com/o/r";

function env(slug: string, over: Partial<EnvironmentRecord> = {}): EnvironmentRecord {
  return {
    branch: `env-${slug}`,
    slug,
    githubEnvironment: `env-${slug}`,
    state: "applied",
    head: sha("a"),
    applied: null,
    pusher: "alice",
    url: null,
    run: null,
    plan: null,
    pullRequests: [],
    activityAt: "2026-11-22T08:00:00Z",
    ...over,
  };
}

const rendered = renderDashboard([env("alice"), env("bob")], REPO).body;
const tick = (body: string, line: string) => {
  expect(body).toContain(line);
  return body.replace(line, line.replace("- [ ] ", "- [x] "));
};

describe("the dashboard's checkboxes", () => {
  it("are rendered for each live environment with hidden keys, none for a destroyed one, and no destroy while one is under way", () => {
    const records = [env("alice"), env("gone", { state: "destroyed", head: null }), env("torn", { state: "destroyed" }), env("going", { state: "destroying" })];
    const body = renderDashboard(records, REPO).body;
    expect(body).toContain("- [ ] plan now `env-alice` <!-- envbranch:tick:plan:alice -->");
    expect(body).toContain("- [ ] destroy `env-alice` <!-- envbranch:tick:destroy:alice -->");
    expect(body).not.toContain("envbranch:tick:plan:gone");
    // A destroyed environment whose branch stays folds with the destroyed: its next push brings it back.
    expect(body).not.toMatch(/envbranch:tick:(plan|destroy):torn/);
    expect(body).toContain("envbranch:tick:plan:going");
    expect(body).not.toContain("envbranch:tick:destroy:going");
  });

  it("are offered for the newest live environments only, and say what to do for the folded ones", () => {
    const body = renderDashboard(Array.from({ length: VISIBLE_ROWS + 2 }, (_, i) => env(`e${i}`)), REPO).body;
    expect(body.match(/envbranch:tick:plan:/g)).toHaveLength(VISIBLE_ROWS);
    expect(body).toContain("The 2 folded environments have none");
  });
});

describe("tickedBoxes", () => {
  it("finds a box the edit ticked, in GitHub's own form, with CRLF line ends too", () => {
    const to = tick(rendered, tickLine("plan", env("alice")));
    expect(tickedBoxes(rendered, rendered, to)).toMatchObject([{ command: "plan", slug: "alice" }]);
    expect(tickedBoxes(rendered, rendered.replace(/\n/g, "\r\n"), to.replace(/\n/g, "\r\n").replace("- [x] plan", "- [X] plan"))).toMatchObject([{ command: "plan", slug: "alice" }]);
    expect(mayHaveTicked(rendered, to)).toBe(true);
  });

  it("finds several boxes in the order the app rendered them", () => {
    const to = tick(tick(rendered, tickLine("destroy", env("bob"))), tickLine("plan", env("alice")));
    expect(tickedBoxes(rendered, rendered, to)).toEqual([
      { command: "plan", slug: "alice", line: tickLine("plan", env("alice")) },
      { command: "destroy", slug: "bob", line: tickLine("destroy", env("bob")) },
    ]);
  });

  it("tells apart two branches of one slug by their lines", () => {
    const twins = renderDashboard([env("a-b", { branch: "env-a-b" }), env("a-b", { branch: "env-a_b" })], REPO).body;
    const to = tick(twins, tickLine("plan", env("a-b", { branch: "env-a_b" })));
    expect(tickedBoxes(twins, twins, to)).toEqual([{ command: "plan", slug: "a-b", line: tickLine("plan", env("a-b", { branch: "env-a_b" })) }]);
  });

  it("ignores a box that was already ticked before the edit, and an edit that ticked nothing", () => {
    const ticked = tick(rendered, tickLine("plan", env("alice")));
    expect(tickedBoxes(rendered, ticked, ticked)).toEqual([]);
    expect(tickedBoxes(rendered, rendered, `${rendered}\nsome note`)).toEqual([]);
    expect(mayHaveTicked(rendered, `${rendered}\nsome note`)).toBe(false);
  });

  it("ignores forged keys the app never rendered: another slug, another command, another label", () => {
    const forged = [
      "- [ ] plan now `env-mallory` <!-- envbranch:tick:plan:mallory -->",
      "- [ ] apply `env-alice` <!-- envbranch:tick:apply:alice -->",
      "- [ ] destroy `env-bob` <!-- envbranch:tick:plan:bob -->",
    ];
    const from = `${rendered}\n${forged.join("\n")}`;
    const to = forged.reduce((body, line) => tick(body, line), from);
    expect(mayHaveTicked(from, to)).toBe(true);
    expect(tickedBoxes(rendered, from, to)).toEqual([]);
  });

  it("ignores a key whose unticked line was not in the body before the edit", () => {
    const line = tickLine("plan", env("alice"));
    const from = rendered.replace(`${line}\n`, "");
    expect(tickedBoxes(rendered, from, `${from}\n${line.replace("[ ]", "[x]")}`)).toEqual([]);
  });

  it("ignores keys inside fenced code blocks, with backticks or tildes, even when the real line is unticked", () => {
    const line = tickLine("plan", env("alice"));
    const ticked = line.replace("[ ]", "[x]");
    for (const fence of ["```", "~~~~", "   ```md"]) {
      const close = fence.trim().replace(/[a-z]+$/, "");
      const from = `${rendered}\n${fence}\n${line}\n${close}`;
      const to = `${rendered}\n${fence}\n${ticked}\n${close}`;
      expect(tickedBoxes(rendered, from, to), fence).toEqual([]);
    }
    // A shorter or other fence does not close the block, so the line stays code.
    const from = `${rendered.replace(line, "")}\n~~~~\n~~~\n${line}\n\`\`\`\`\n`;
    expect(tickedBoxes(rendered, from, from.replace(line, ticked))).toEqual([]);
  });

  it("reads a 60 KB body quickly and finds only the app's box in it", () => {
    const filler = Array.from({ length: 1_200 }, (_, i) => `- [x] noise ${i} <!-- envbranch:tick:plan:n${i} -->`).join("\n");
    const from = `${rendered}\n${filler}`;
    expect(from.length).toBeGreaterThan(60_000);
    expect(from.length).toBeLessThan(GITHUB_TEXT_LIMIT * 2);
    const to = tick(from, tickLine("destroy", env("alice")));
    const started = performance.now();
    expect(tickedBoxes(rendered, from, to)).toMatchObject([{ command: "destroy", slug: "alice" }]);
    expect(performance.now() - started).toBeLessThan(200);
  });
});
