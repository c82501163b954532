import { describe, expect, it } from "vitest";
import type { StateBlobFacts } from "../../../app/adapters/azure/state-blob-facts.js";
import { buildEnvironments, type EnvironmentDeploymentFacts } from "../../../app/decisions/environments-model.js";
import { facts, liveEnv, runOf, sha } from "./facts.js";

// What state storage holds (read only with the app's own Azure access) becomes each record's lock
// and, once the branch is gone, where its state went; without those reads the records are as before.

const HEAD = sha("a");
const OLD = sha("b");
const LOCK = { who: "runner@fv-az1", operation: "OperationTypeApply", created: "2026-11-22 10:00:00.123456789 +0000 UTC", id: "5f0c8a2e-1b3d-4e5f-8a9b-0c1d2e3f4a5b" };
const ARCHIVE = "archive/envbranch/o/r/carol/2026-11-22T10-00-00-000Z.tfstate";

function blob(over: Partial<StateBlobFacts> = {}): StateBlobFacts {
  return { exists: true, lock: null, archive: null, ...over };
}

function gone(environment: string): EnvironmentDeploymentFacts {
  return { environment, branch: environment, sha: OLD, createdAt: "2026-11-22T08:00:00Z", status: { state: "inactive", environmentUrl: null, createdAt: "2026-11-22T08:10:00Z" } };
}

describe("the environments model with state storage", () => {
  it("gives a live environment the lock its leased state blob holds, in the model's names", () => {
    const [record] = buildEnvironments(facts({ live: [liveEnv("alice", HEAD)], stateStorage: { "env-alice": blob({ lock: LOCK }) } }));
    expect(record?.lock).toEqual({ holder: "runner@fv-az1", operation: "OperationTypeApply", since: LOCK.created, id: LOCK.id });
    // A live environment's state went nowhere: archive fields are for environments whose branch is gone.
    expect(record).not.toHaveProperty("archive");
    expect(record).not.toHaveProperty("stateKept");
  });

  it("says no lock is held (null) when the blob is not leased, or there is no blob yet", () => {
    const records = buildEnvironments(facts({ live: [liveEnv("alice", HEAD), liveEnv("bob", HEAD)], stateStorage: { "env-alice": blob(), "env-bob": blob({ exists: false }) } }));
    expect(records.map((r) => r.lock)).toEqual([null, null]);
  });

  it("keeps a lease without lock info as a lock whose holder is unknown", () => {
    const [record] = buildEnvironments(facts({ live: [liveEnv("alice", HEAD)], stateStorage: { "env-alice": blob({ lock: { who: null, operation: null, created: null, id: null } }) } }));
    expect(record?.lock).toEqual({ holder: null, operation: null, since: null, id: null });
  });

  it("gives a destroyed environment its newest archive, and whether a state blob is still at its key", () => {
    const records = buildEnvironments(
      facts({
        deployments: [gone("env-carol"), gone("env-dave")],
        checkRuns: { [OLD]: [runOf("carol", OLD, "destroy"), runOf("dave", OLD, "destroy")] },
        stateStorage: { "env-carol": blob({ exists: false, archive: ARCHIVE }), "env-dave": blob() },
      }),
    );
    expect(records.map(({ branch, state, lock, archive, stateKept }) => ({ branch, state, lock, archive, stateKept }))).toEqual([
      { branch: "env-carol", state: "destroyed", lock: null, archive: ARCHIVE, stateKept: false },
      { branch: "env-dave", state: "destroyed", lock: null, archive: null, stateKept: true },
    ]);
  });

  it("leaves the fields out without state storage, and for an environment whose read failed", () => {
    const input = { live: [liveEnv("alice", HEAD)], deployments: [gone("env-carol")] };
    for (const record of [...buildEnvironments(facts(input)), ...buildEnvironments(facts({ ...input, stateStorage: {} }))]) {
      expect(record).not.toHaveProperty("lock");
      expect(record).not.toHaveProperty("archive");
      expect(record).not.toHaveProperty("stateKept");
    }
  });

  it("reads each environment's own storage facts: another's lock is not its", () => {
    const records = buildEnvironments(facts({ live: [liveEnv("alice", HEAD), liveEnv("bob", HEAD)], stateStorage: { "env-bob": blob({ lock: LOCK }), "env-alice": blob() } }));
    expect(Object.fromEntries(records.map((r) => [r.branch, r.lock?.holder ?? null]))).toEqual({ "env-alice": null, "env-bob": "runner@fv-az1" });
  });
});
