import { describe, expect, it } from "vitest";
import { decideDelete } from "../../app/decisions/decide-delete.js";
import { decideRunReport, type RunReportFacts } from "../../app/decisions/decide-run-report.js";
import { deriveEnvironment, stateKeyFor } from "../../app/environment/derive-environment.js";
import { savedPlanKey } from "../../app/spec/saved-plan-keys.js";
import { testConfig } from "../support/test-config.js";
import { runResult } from "../support/run-result.js";

const SHA = "a".repeat(40);
const PATH = ".github/envbranch.yml";
const config = testConfig();
const derived = deriveEnvironment("env-alice", config, { owner: "Codertocat", name: "Hello-World" });
if (!derived.ok) throw new Error(derived.reason);
const environment = derived.environment;

describe("decideDelete", () => {
  it("destroys the last deployed commit of the deleted branch's environment", () => {
    expect(decideDelete("env-alice", PATH, { kind: "environment", config, environment, latest: { sha: SHA, branch: "env-alice" } })).toEqual({ kind: "destroy", config, environment, sha: SHA });
  });

  it("destroys nothing of an environment another branch deployed last, or one never deployed", () => {
    expect(decideDelete("env-alice", PATH, { kind: "environment", config, environment, latest: { sha: SHA, branch: "env-Alice" } })).toMatchObject({ kind: "nothing", log: { fields: { owner: "env-Alice" } } });
    expect(decideDelete("env-alice", PATH, { kind: "environment", config, environment, latest: null })).toMatchObject({ kind: "nothing", log: { message: "environment was never deployed; nothing to destroy" } });
  });

  it("says a branch deleted with a missing config destroyed nothing", () => {
    expect(decideDelete("env-alice", PATH, { kind: "no-config", status: "missing" })).toMatchObject({ kind: "nothing", log: { level: "warn", fields: { config: "missing" } } });
  });

  it("shows a branch deleted with an invalid config on the default branch's head: still running, and how to destroy it", () => {
    const effect = decideDelete("env-alice", PATH, { kind: "invalid-config", problems: [{ path: "azure.tenantId", message: "is required" }], defaultHead: SHA });
    expect(effect).toMatchObject({ kind: "check-run", sha: SHA, name: "envbranch: env-alice", externalId: "envbranch:deleted:env-alice", content: { conclusion: "failure", title: "env-alice was deleted, but its environment is still running" } });
    expect(decideDelete("feature", PATH, { kind: "invalid-config", problems: [], defaultHead: null })).toMatchObject({ kind: "nothing", log: { level: "warn" } });
  });
});

describe("decideRunReport", () => {
  const correlationId = "alice-plan-1000-0123abcd";
  const stateKey = stateKeyFor({ owner: "Codertocat", name: "Hello-World" }, "alice");
  const facts = (savedKey: string): RunReportFacts => ({
    match: { ok: true, correlationId, checkRunId: 1000, action: "plan", slug: "alice" },
    run: { id: 31, url: "https://github.com/x/y/actions/runs/31", conclusion: "success" },
    environment: "env-alice",
    sha: SHA,
    progress: { stage: "dispatched", correlationId, offerApply: true },
    stateKey,
    result: { ...runResult({ action: "plan", status: "succeeded" }), savedPlan: { key: savedKey, sha256: "5".repeat(64), bytes: 10 } },
  });

  it("keeps the saved plan a plan reports under its own key, and completes the record", () => {
    const own = savedPlanKey(stateKey, correlationId);
    expect(decideRunReport(facts(own)).completed).toMatchObject({ stage: "completed", runId: 31, outcome: "succeeded", savedPlan: { key: own } });
  });

  it("drops a saved plan the result points elsewhere", () => {
    expect(decideRunReport(facts(savedPlanKey(stateKey, "alice-plan-999-0123abcd"))).completed.savedPlan).toBeUndefined();
  });
});
