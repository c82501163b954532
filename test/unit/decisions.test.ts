import { describe, expect, it } from "vitest";
import { decidePushAction, PUSH_COMMIT_LIMIT, pushNeedsTerraform, settleDeploy } from "../../app/decisions/decide-push-action.js";
import { decideNextStep, losesToSibling, mustRequeueHead, progressMarker, readProgress } from "../../app/decisions/run-progress.js";
import { decideSlugOwner, findRivals } from "../../app/decisions/slug-owner.js";
import { matchPolicy } from "../../app/environment/derive-environment.js";
import { inlineCode, codeBlock } from "../../app/templates/markdown.js";
import { testConfig } from "../support/test-config.js";

const PATHS = ["terraform/**", ".github/envbranch.yml"];
const push = (files: string[], over: Partial<{ created: boolean; forced: boolean }> = {}) => ({
  created: false,
  forced: false,
  commits: [{ added: [], removed: [], modified: files }],
  ...over,
});

describe("decidePushAction", () => {
  const auto = matchPolicy("env-a", []);
  const gated = matchPolicy("env-prod", testConfig({ environments: [{ branch: "env-prod", approval: "required" }] }).environments);

  it("applies a Terraform change where the environment auto-applies", () => {
    expect(decidePushAction(push(["terraform/main.tf"]), PATHS, auto)).toBe("apply");
  });
  it("plans a Terraform change where the environment needs approval", () => {
    expect(decidePushAction(push(["terraform/main.tf"]), PATHS, gated)).toBe("plan");
  });
  it("only deploys when nothing under the Terraform paths changed", () => {
    expect(decidePushAction(push(["src/index.ts", "README.md"]), PATHS, auto)).toBe("deploy");
    expect(decidePushAction(push(["src/index.ts"]), PATHS, gated)).toBe("deploy");
  });
  it("treats a config change as a Terraform change", () => {
    expect(pushNeedsTerraform(push([".github/envbranch.yml"]), PATHS)).toBe(true);
  });
  it("treats a new branch, a forced push, an empty or a cut commit list as a Terraform change", () => {
    expect(pushNeedsTerraform(push(["src/a.ts"], { created: true }), PATHS)).toBe(true);
    expect(pushNeedsTerraform(push(["src/a.ts"], { forced: true }), PATHS)).toBe(true);
    expect(pushNeedsTerraform({ created: false, forced: false, commits: [] }, PATHS)).toBe(true);
    const many = Array.from({ length: PUSH_COMMIT_LIMIT }, () => ({ modified: ["src/a.ts"] }));
    expect(pushNeedsTerraform({ created: false, forced: false, commits: many }, PATHS)).toBe(true);
  });
  it("looks at added and removed files too", () => {
    expect(pushNeedsTerraform({ created: false, forced: false, commits: [{ removed: ["terraform/old.tf"] }] }, PATHS)).toBe(true);
    expect(pushNeedsTerraform({ created: false, forced: false, commits: [{ added: ["terraform/new.tf"] }] }, PATHS)).toBe(true);
  });
});

describe("settleDeploy", () => {
  const auto = matchPolicy("env-a", []);
  const gated = matchPolicy("env-prod", testConfig({ environments: [{ branch: "env-prod", approval: "required" }] }).environments);
  it("keeps a deploy only when the last deployment succeeded", () => {
    expect(settleDeploy("deploy", auto, "success")).toBe("deploy");
    expect(settleDeploy("deploy", auto, "pending")).toBe("apply");
    expect(settleDeploy("deploy", auto, "failure")).toBe("apply");
    expect(settleDeploy("deploy", auto, null)).toBe("apply");
    expect(settleDeploy("deploy", gated, "in_progress")).toBe("plan");
  });
  it("leaves Terraform actions alone", () => {
    expect(settleDeploy("apply", auto, "pending")).toBe("apply");
    expect(settleDeploy("plan", gated, null)).toBe("plan");
  });
});

describe("slug ownership", () => {
  it("finds the branches that give the same slug", () => {
    expect(findRivals("env-Alice", "env-", "alice", ["env-alice", "env-Alice", "env-bob", "env-ALICE", "env-a/b"])).toEqual(["env-alice", "env-ALICE"]);
  });
  it("lets the deployed branch keep its environment", () => {
    expect(decideSlugOwner("env-Alice", ["env-alice"], "env-alice")).toEqual({ ok: false, owner: "env-alice" });
    expect(decideSlugOwner("env-alice", ["env-Alice"], "env-alice")).toEqual({ ok: true });
  });
  it("breaks a tie between undeployed branches by name, the same way from both sides", () => {
    expect(decideSlugOwner("env-alice", ["env-Alice"], null)).toEqual({ ok: false, owner: "env-Alice" });
    expect(decideSlugOwner("env-Alice", ["env-alice"], null)).toEqual({ ok: true });
  });
  it("has no conflict without rivals", () => {
    expect(decideSlugOwner("env-alice", [], "env-other")).toEqual({ ok: true });
  });
});

describe("run progress", () => {
  it("round-trips through the check run summary", () => {
    const summary = `before\n${progressMarker({ stage: "dispatched", deploymentId: 12 })}\nafter`;
    expect(readProgress(summary)).toEqual({ stage: "dispatched", deploymentId: 12 });
    expect(readProgress("no marker")).toBeNull();
    expect(readProgress("<!-- envbranch-progress {broken -->")).toBeNull();
  });
  const now = new Date("2026-11-22T10:00:00Z");
  const run = (id: number, progress: Parameters<typeof progressMarker>[0] | null, startedAt = "2026-11-22T09:00:00Z") => ({
    id,
    summary: progress ? progressMarker(progress) : "written by someone else",
    startedAt,
  });
  const delivery = { now, force: false, pushBefore: "b0" };

  it("starts, skips or resumes", () => {
    expect(decideNextStep(null, delivery)).toEqual({ kind: "start" });
    expect(decideNextStep(run(1, { stage: "dispatched", before: "b0" }), delivery)).toMatchObject({ kind: "skip" });
    expect(decideNextStep(run(1, null), delivery)).toMatchObject({ kind: "skip" });
    expect(decideNextStep(run(3, { stage: "created", before: "b0" }), delivery)).toEqual({ kind: "resume", checkRunId: 3, progress: { stage: "created", before: "b0" } });
    expect(decideNextStep(run(3, { stage: "dispatch-failed", deploymentId: 9 }), delivery)).toMatchObject({ kind: "resume" });
  });

  it("takes a run created seconds ago for one being started, not an interrupted one", () => {
    expect(decideNextStep(run(3, { stage: "created", before: "b0" }, "2026-11-22T09:59:30Z"), delivery)).toMatchObject({ kind: "skip", reason: expect.stringContaining("right now") });
  });

  it("starts afresh for a new push of a commit (a branch reset), and for explicit commands", () => {
    expect(decideNextStep(run(1, { stage: "completed", before: "other" }), delivery)).toEqual({ kind: "start" });
    expect(decideNextStep(run(1, { stage: "completed" }), { now, force: true })).toEqual({ kind: "start" });
  });

  it("lets the lowest of two check runs created at once win", () => {
    const recent = "2026-11-22T09:59:59Z";
    expect(losesToSibling(12, [run(12, { stage: "created", before: "b0" }, recent), run(11, { stage: "created", before: "b0" }, recent)], delivery)).toBe(true);
    expect(losesToSibling(11, [run(12, { stage: "created", before: "b0" }, recent), run(11, { stage: "created", before: "b0" }, recent)], delivery)).toBe(false);
    // An old completed run of the same key (the commit pushed again after a reset) is no rival.
    expect(losesToSibling(12, [run(12, { stage: "created", before: "b0" }, recent), run(5, { stage: "completed", before: "x" })], delivery)).toBe(false);
  });

  it("dispatches the newer commit again only when its run was queued before ours", () => {
    expect(mustRequeueHead(50, [run(1, { stage: "dispatched", runId: 40 })])).toBe(true);
    expect(mustRequeueHead(50, [run(1, { stage: "dispatched", runId: 60 })])).toBe(false);
    expect(mustRequeueHead(50, [run(1, { stage: "created" })])).toBe(false);
    expect(mustRequeueHead(50, [])).toBe(false);
  });
});

describe("markdown", () => {
  it("keeps hostile text inside inline code", () => {
    expect(inlineCode("env-`id`")).toBe("`` env-`id` ``");
    expect(inlineCode("a``b")).toBe("```a``b```");
    expect(inlineCode("a\nb")).toBe("`a b`");
  });
  it("fences code blocks longer than any fence inside", () => {
    expect(codeBlock("```\nx\n```")).toBe("````\n```\nx\n```\n````");
  });
});
