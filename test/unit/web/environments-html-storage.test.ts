import { describe, expect, it } from "vitest";
import type { EnvironmentRecord, EnvironmentState } from "../../../app/decisions/environments-model.js";
import { environmentRows, readFilter } from "../../../app/web/environment-filter.js";
import { renderEnvironmentsPage } from "../../../app/web/environments-html.js";
import type { VisibleRepository } from "../../../app/web/user-repositories.js";

// The page's state cell with what state storage says: a held lock with the unlock command, and where
// a destroyed environment's state went, every part of it escaped.

const SHOP: VisibleRepository = { installationId: 1, owner: "octo-org", name: "shop", fullName: "octo-org/shop", url: "https://github.com/octo-org/shop" };
const LOCK = { holder: "runner@fv-az1", operation: "OperationTypeDestroy", since: "2026-11-22T10:00:00Z", id: "5f0c8a2e-1b3d" };

function record(slug: string, state: EnvironmentState, over: Partial<EnvironmentRecord> = {}): EnvironmentRecord {
  return {
    branch: `env-${slug}`,
    slug,
    githubEnvironment: `env-${slug}`,
    state,
    head: state === "destroyed" ? null : "a".repeat(40),
    applied: null,
    pusher: null,
    url: null,
    run: null,
    plan: null,
    pullRequests: [],
    activityAt: "2026-11-22T10:00:00Z",
    ...over,
  };
}

/** The state cell of the page's only row. */
function stateCell(environment: EnvironmentRecord): string {
  const read = [{ repository: SHOP, environments: [environment], problem: null }];
  const filter = readFilter(new URLSearchParams());
  const html = renderEnvironmentsPage({ login: "alice", visible: [SHOP], filter, read, leftOut: 0, rows: environmentRows(read, filter) });
  const cell = /<td data-label="State">(.*?)<\/td>/.exec(html);
  expect(cell, "a state cell").not.toBeNull();
  return cell![1]!;
}

describe("the environments page's state cell with state storage", () => {
  it("shows a held lock: who, for what, since when, and the unlock command with its ID", () => {
    expect(stateCell(record("alice", "failed", { lock: LOCK }))).toBe(
      `<span class="state s-failed">failed</span> <span class="note">locked by <code>runner@fv-az1</code> for destroy since 2026-11-22 10:00 UTC, <code>/envbranch unlock 5f0c8a2e-1b3d</code></span>`,
    );
  });

  it("escapes a hostile holder and lock ID", () => {
    const cell = stateCell(record("alice", "failed", { lock: { ...LOCK, holder: "<img src=x onerror=alert(1)>", id: '"><script>' } }));
    expect(cell).not.toContain("<img");
    expect(cell).not.toContain("<script>");
    expect(cell).toContain("locked by <code>&#60;img src=x onerror=alert(1)&#62;</code>");
  });

  it("shows where a destroyed environment's state went", () => {
    const archive = "archive/envbranch/octo-org/shop/carol/2026-11-22T10-00-00-000Z.tfstate";
    expect(stateCell(record("carol", "destroyed", { lock: null, archive, stateKept: false }))).toBe(
      `<span class="state s-destroyed">destroyed</span> <span class="note">state archived to <code>${archive}</code></span>`,
    );
    expect(stateCell(record("carol", "destroyed", { lock: null, archive: null, stateKept: true }))).toContain('<span class="note">state not archived: it is still at its key</span>');
  });

  it("is the badge alone without state storage, and when no lock is held", () => {
    const badge = `<span class="state s-applied">applied</span>`;
    expect(stateCell(record("alice", "applied"))).toBe(badge);
    expect(stateCell(record("alice", "applied", { lock: null }))).toBe(badge);
  });
});
