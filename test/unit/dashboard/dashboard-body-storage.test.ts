import { describe, expect, it } from "vitest";
import type { EnvironmentRecord, EnvironmentState } from "../../../app/decisions/environments-model.js";
import { renderDashboard } from "../../../app/templates/dashboard-body.js";
import { sha } from "./facts.js";

// The dashboard's rows with what state storage says: a held lock in the state cell, with the unlock
// command when one may be run, and where a destroyed environment's state went.

const REPO = "https://github.com/o/r";
const LOCK = { holder: "runner@fv-az1", operation: "OperationTypeApply", since: "2026-11-22 10:00:00.123456789 +0000 UTC", id: "5f0c8a2e-1b3d" };
const ARCHIVE = "archive/envbranch/o/r/carol/2026-11-22T10-00-00-000Z.tfstate";

function env(slug: string, state: EnvironmentState, over: Partial<EnvironmentRecord> = {}): EnvironmentRecord {
  return {
    branch: `env-${slug}`,
    slug,
    githubEnvironment: `env-${slug}`,
    state,
    head: state === "destroyed" ? null : sha("a"),
    applied: null,
    pusher: null,
    url: null,
    run: null,
    plan: null,
    pullRequests: [],
    activityAt: "2026-11-22T08:00:00Z",
    ...over,
  };
}

/** The table row of `env-<slug>` in the body the records render to. */
function rowOf(records: EnvironmentRecord[], slug: string): string {
  const row = renderDashboard(records, REPO).body.split("\n").find((line) => line.startsWith(`| [\`env-${slug}\`]`) || line.startsWith(`| \`env-${slug}\``));
  expect(row, `a row for env-${slug}`).toBeDefined();
  return row!;
}

describe("the dashboard's rows with state storage", () => {
  it("shows a held lock: who, for what, since when (absolute), and the unlock command with its ID", () => {
    expect(rowOf([env("alice", "failed", { lock: LOCK })], "alice")).toContain(
      "| failed · locked by `runner@fv-az1` for apply since 2026-11-22 10:00 UTC, `/envbranch unlock 5f0c8a2e-1b3d` |",
    );
  });

  it("offers no unlock while a run is under way (the lock is that run's), nor once the branch is gone", () => {
    const row = rowOf([env("alice", "applying", { lock: LOCK })], "alice");
    expect(row).toContain("| applying · locked by `runner@fv-az1` for apply since 2026-11-22 10:00 UTC |");
    expect(row).not.toContain("unlock");
    expect(rowOf([env("bob", "destroying", { lock: LOCK })], "bob")).not.toContain("unlock");
    const failedDestroy = { ...env("carol", "failed", { lock: LOCK, archive: null, stateKept: true }), head: null };
    expect(rowOf([failedDestroy], "carol")).toContain("| failed · locked by `runner@fv-az1` for apply since 2026-11-22 10:00 UTC |");
  });

  it("says what it can of a lease without lock info, and of lock info with a time it cannot read", () => {
    expect(rowOf([env("alice", "applied", { lock: { holder: null, operation: null, since: null, id: null } })], "alice")).toContain(
      "| applied · locked by a lease without Terraform lock info, `/envbranch unlock` |",
    );
    expect(rowOf([env("alice", "applied", { lock: { ...LOCK, since: "yesterday|noon" } })], "alice")).toContain("since `yesterday\\|noon`, ");
  });

  it("keeps a hostile holder inside its cell", () => {
    const row = rowOf([env("alice", "failed", { lock: { ...LOCK, holder: "a|b`c" } })], "alice");
    expect(row).toContain("locked by ``a\\|b`c``");
    expect(row.replace(/\\\|/g, "").split("|")).toHaveLength(9);
  });

  it("shows where a destroyed environment's state went: its archive, still at its key, or none", () => {
    const records = [
      env("carol", "destroyed", { lock: null, archive: ARCHIVE, stateKept: false }),
      env("dave", "destroyed", { lock: null, archive: null, stateKept: true }),
      env("erin", "destroyed", { lock: null, archive: null, stateKept: false }),
    ];
    expect(rowOf(records, "carol")).toContain(`| destroyed · state archived to \`${ARCHIVE}\` |`);
    expect(rowOf(records, "dave")).toContain("| destroyed · state not archived: it is still at its key |");
    expect(rowOf(records, "erin")).toContain("| destroyed · no state kept |");
  });

  it("says nothing of an archive while a destroy has archived nothing yet", () => {
    const destroying = { ...env("carol", "destroying", { lock: null, archive: null, stateKept: true }), head: null };
    expect(rowOf([destroying], "carol")).toContain("| destroying |");
  });

  it("renders the same body as before without state storage, and when no lock is held", () => {
    const plain = [env("alice", "applied"), env("carol", "destroyed")];
    const read = [env("alice", "applied", { lock: null }), env("carol", "destroyed", { lock: null, archive: null, stateKept: true })];
    expect(rowOf(plain, "alice")).toContain("| applied |");
    expect(renderDashboard(read.slice(0, 1), REPO).body).toBe(renderDashboard(plain.slice(0, 1), REPO).body);
    expect(rowOf(plain, "carol")).toContain("| destroyed |");
  });
});
