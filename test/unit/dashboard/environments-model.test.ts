import { describe, expect, it } from "vitest";
import { buildEnvironments, type EnvironmentDeploymentFacts } from "../../../app/decisions/environments-model.js";
import { readPlanCounts } from "../../../app/decisions/plan-counts.js";
import { emptyChangeCounts } from "../../../app/plan/plan-changes.js";
import { planTitle } from "../../../app/plan/plan-title.js";
import { facts, liveEnv, runOf, sha } from "./facts.js";

const HEAD = sha("a");
const OLD = sha("b");

function deployment(environment: string, commit: string, state: string | null, over: Partial<EnvironmentDeploymentFacts> = {}): EnvironmentDeploymentFacts {
  return {
    environment,
    branch: environment,
    sha: commit,
    createdAt: "2026-11-22T08:00:00Z",
    status: state === null ? null : { state, environmentUrl: state === "success" ? `https://${environment}.example.net` : null, createdAt: "2026-11-22T08:10:00Z" },
    ...over,
  };
}

/** The one record the facts give for a live `env-alice` at HEAD. */
function alice(over: Parameters<typeof facts>[0] = {}) {
  const records = buildEnvironments(facts({ live: [liveEnv("alice", HEAD)], ...over }));
  expect(records).toHaveLength(1);
  return records[0]!;
}

describe("the environments model: one record per environment", () => {
  it("applying: the head's run is under way", () => {
    expect(alice({ checkRuns: { [HEAD]: [runOf("alice", HEAD, "apply", { status: "in_progress", conclusion: null })] } }).state).toBe("applying");
  });

  it("applied: the head's apply succeeded, with the deployment's commit, time, URL and the pusher", () => {
    const record = alice({
      deployments: [deployment("env-alice", HEAD, "success")],
      checkRuns: { [HEAD]: [runOf("alice", HEAD, "apply", { title: `Applied: ${planTitle({ ...emptyChangeCounts(), create: 2, update: 1, replace: 1 })}`, progress: { stage: "completed", author: "bob" } })] },
    });
    expect(record).toMatchObject({
      branch: "env-alice",
      slug: "alice",
      state: "applied",
      head: HEAD,
      applied: { sha: HEAD, at: "2026-11-22T08:10:00Z" },
      pusher: "bob",
      url: "https://env-alice.example.net",
      run: { url: "https://github.com/o/r/runs/alice" },
      plan: { add: 3, change: 1, destroy: 1 },
      activityAt: "2026-11-22T09:05:00Z",
    });
  });

  it("plan-waiting: the head's plan succeeded and offers its apply", () => {
    expect(alice({ checkRuns: { [HEAD]: [runOf("alice", HEAD, "plan", { progress: { stage: "completed", offerApply: true } })] } }).state).toBe("plan-waiting");
  });

  it("failed: the head's run failed, or was cancelled, or a refusal stands on the head", () => {
    expect(alice({ checkRuns: { [HEAD]: [runOf("alice", HEAD, "apply", { conclusion: "failure" })] } }).state).toBe("failed");
    expect(alice({ checkRuns: { [HEAD]: [runOf("alice", HEAD, "deploy", { conclusion: "cancelled" })] } }).state).toBe("failed");
    expect(alice({ checkRuns: { [HEAD]: [runOf("alice", HEAD, "apply", { externalId: `envbranch:config:${HEAD}`, conclusion: "failure" })] } }).state).toBe("failed");
  });

  it("falls back on the newest deployment's status when the head has no run of its own", () => {
    expect(alice({ deployments: [deployment("env-alice", OLD, "success")] })).toMatchObject({ state: "applied", applied: { sha: OLD } });
    expect(alice({ deployments: [deployment("env-alice", OLD, "error")] })).toMatchObject({ state: "failed", applied: null, url: null });
    expect(alice({ deployments: [deployment("env-alice", OLD, null)] }).state).toBe("applying");
    expect(alice().state).toBe("applying");
  });

  it("reads only the environment's own check run: another environment's on the same commit is not it", () => {
    const other = runOf("bob", HEAD, "apply", { conclusion: "failure" });
    expect(alice({ checkRuns: { [HEAD]: [other] }, deployments: [deployment("env-alice", HEAD, "success")] }).state).toBe("applied");
  });

  it("destroying: the branch is gone and its destroy runs, or has not started", () => {
    const gone = [deployment("env-carol", OLD, "success")];
    const running = buildEnvironments(facts({ deployments: gone, checkRuns: { [OLD]: [runOf("carol", OLD, "destroy", { status: "in_progress", conclusion: null })] } }));
    expect(running).toMatchObject([{ branch: "env-carol", slug: "carol", head: null, state: "destroying" }]);
    // Its last apply's run on that commit says nothing about the destroy.
    expect(buildEnvironments(facts({ deployments: gone, checkRuns: { [OLD]: [runOf("carol", OLD, "apply")] } }))[0]?.state).toBe("destroying");
  });

  it("destroyed: the destroy succeeded, or the deployment was made inactive; no URL is shown", () => {
    const destroyed = buildEnvironments(facts({ deployments: [deployment("env-carol", OLD, "success")], checkRuns: { [OLD]: [runOf("carol", OLD, "destroy")] } }));
    expect(destroyed).toMatchObject([{ state: "destroyed", url: null }]);
    expect(buildEnvironments(facts({ deployments: [deployment("env-carol", OLD, "inactive")] }))[0]?.state).toBe("destroyed");
  });

  it("failed: the branch is gone and its destroy failed", () => {
    const records = buildEnvironments(facts({ deployments: [deployment("env-carol", OLD, "success")], checkRuns: { [OLD]: [runOf("carol", OLD, "destroy", { conclusion: "failure" })] } }));
    expect(records[0]?.state).toBe("failed");
  });

  it("lists open pull requests into each environment's branch, and none of another's", () => {
    const pulls = [
      { number: 7, base: "env-alice", title: "x", url: "https://github.com/o/r/pull/7" },
      { number: 8, base: "env-bob", title: "y", url: "https://github.com/o/r/pull/8" },
    ];
    expect(alice({ pullRequests: pulls }).pullRequests.map((p) => p.number)).toEqual([7]);
  });

  it("orders by newest activity, then by branch, and ignores deployments outside the prefix", () => {
    const records = buildEnvironments(
      facts({
        live: [liveEnv("zed", sha("1")), liveEnv("amy", sha("2")), liveEnv("new", sha("3"))],
        deployments: [deployment("env-zed", sha("1"), "success"), deployment("env-amy", sha("2"), "success"), deployment("production", sha("4"), "success")],
        checkRuns: { [sha("3")]: [runOf("new", sha("3"), "apply", { status: "in_progress", conclusion: null, startedAt: "2026-11-23T00:00:00Z", completedAt: null })] },
      }),
    );
    expect(records.map((r) => r.branch)).toEqual(["env-new", "env-amy", "env-zed"]);
  });
});

describe("readPlanCounts", () => {
  it("reads back the counts planTitle writes, with or without the action before them", () => {
    const title = planTitle({ ...emptyChangeCounts(), create: 4, update: 2, delete: 1 }, { imports: 1 });
    expect(readPlanCounts(title)).toEqual({ add: 4, change: 2, destroy: 1 });
    expect(readPlanCounts(`Applied: ${title}`)).toEqual({ add: 4, change: 2, destroy: 1 });
    expect(readPlanCounts("Applied env-alice")).toBeNull();
  });
});
