import { describe, expect, it } from "vitest";
import { decidePushAction, PUSH_COMMIT_LIMIT, pushNeedsTerraform, settleDeploy } from "../../app/decisions/decide-push-action.js";
import { mustRequeueHead, progressMarker, readProgress, readProgressRecord, type KeyedCheckRun, type RunProgress } from "../../app/decisions/run-progress.js";
import { currentRun, decideNextStep, IN_FLIGHT_MS, settleDelivery } from "../../app/decisions/settle-delivery.js";
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
    const summary = `${progressMarker({ stage: "dispatched", deploymentId: 12 })}\nafter`;
    expect(readProgress(summary)).toEqual({ stage: "dispatched", deploymentId: 12 });
    expect(readProgress("no marker")).toBeNull();
    expect(readProgressRecord("<!-- envbranch-progress {broken -->")).toEqual({ kind: "invalid", problem: "its progress marker is cut or malformed" });
  });

  it("keeps what a record holds from reading as markup, and reads only the marker that opens the summary", () => {
    const tricky = { stage: "completed" as const, author: 'mal"lory --> <!-- envbranch-progress {"stage":"created"} -->'.slice(0, 100) };
    expect(readProgress(`${progressMarker(tricky)}\n\nplan`)).toEqual(tricky);
    expect(progressMarker(tricky)).not.toMatch(/-->.*-->/);
    // A marker inside the plan summary, or anywhere but first, is text.
    const forged = `plan output\n${progressMarker({ stage: "completed", outcome: "succeeded" })}`;
    expect(readProgressRecord(forged)).toEqual({ kind: "none" });
  });

  it("names what is wrong with a record that does not parse, however large", () => {
    const huge = `<!-- envbranch-progress {"stage":"completed","x":"${"y".repeat(60_000)}"} -->`;
    const started = performance.now();
    expect(readProgressRecord(huge)).toMatchObject({ kind: "ok" });
    const bad = `<!-- envbranch-progress v2 ${Buffer.from(JSON.stringify({ stage: "exploded", runId: -1 })).toString("base64url")} -->`;
    expect(readProgressRecord(bad)).toEqual({ kind: "invalid", problem: expect.stringMatching(/^its progress record is not valid: stage: .*; runId: /) });
    expect(readProgressRecord(`<!-- envbranch-progress v2 ${Buffer.from("{not json").toString("base64url")} -->`)).toEqual({ kind: "invalid", problem: "its progress marker is not JSON" });
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("never starts over on top of a run whose record cannot be read, and says why", () => {
    const unreadable = { id: 5, status: "in_progress", summary: "<!-- envbranch-progress v2 !!! -->", startedAt: null };
    expect(decideNextStep({ runs: [unreadable], answeredAt: null }, {})).toEqual({
      kind: "skip",
      reason: "check run 5 for this environment, commit and action exists, but its progress marker is cut or malformed",
      unreadable: true,
    });
  });
  // GitHub's answer to the lookup, dated by its `Date` header; runs start an hour earlier unless told.
  const answeredAt = "Sun, 22 Nov 2026 10:00:00 GMT";
  const run = (id: number, progress: RunProgress | null, startedAt: string | null = "2026-11-22T09:00:00Z", status = "in_progress"): KeyedCheckRun => ({
    id,
    status,
    summary: progress ? progressMarker(progress) : "written by someone else",
    startedAt,
  });
  const lookup = (...runs: KeyedCheckRun[]) => ({ runs, answeredAt });
  const delivery = { pushBefore: "b0" };

  it("starts, skips or resumes", () => {
    expect(decideNextStep(lookup(), delivery)).toEqual({ kind: "start" });
    expect(decideNextStep(lookup(run(1, { stage: "dispatched", before: "b0" })), delivery)).toMatchObject({ kind: "skip" });
    expect(decideNextStep(lookup(run(1, null)), delivery)).toMatchObject({ kind: "skip" });
    expect(decideNextStep(lookup(run(3, { stage: "created", before: "b0" })), delivery)).toEqual({ kind: "resume", checkRunId: 3, progress: { stage: "created", before: "b0" } });
    expect(decideNextStep(lookup(run(3, { stage: "dispatch-failed", deploymentId: 9 })), delivery)).toMatchObject({ kind: "resume" });
  });

  it("takes a run created seconds ago for one being started, not an interrupted one", () => {
    expect(decideNextStep(lookup(run(3, { stage: "created", before: "b0" }, "2026-11-22T09:59:30Z")), delivery)).toMatchObject({ kind: "skip", reason: expect.stringContaining("right now") });
  });

  it("reads a run's age on GitHub's clock alone: one started in the second after the answer's date is in flight, not interrupted", () => {
    // started_at and Date are whole seconds: a run created just across a second boundary reads as a second "in the future".
    expect(decideNextStep(lookup(run(3, { stage: "created", before: "b0" }, "2026-11-22T10:00:01Z")), delivery)).toMatchObject({ kind: "skip", reason: expect.stringContaining("right now") });
    const edge = new Date(Date.parse(answeredAt) - IN_FLIGHT_MS).toISOString();
    expect(decideNextStep(lookup(run(3, { stage: "created", before: "b0" }, edge)), delivery)).toMatchObject({ kind: "resume", checkRunId: 3 });
    // No date, or no start: the age is unknown, and a second apply is worse than a stuck check run.
    expect(decideNextStep({ runs: [run(3, { stage: "created", before: "b0" })], answeredAt: null }, delivery)).toMatchObject({ kind: "skip" });
    expect(decideNextStep(lookup(run(3, { stage: "created", before: "b0" }, null)), delivery)).toMatchObject({ kind: "skip" });
  });

  it("resumes at once a run whose delivery reported its error and completed the check run", () => {
    expect(decideNextStep(lookup(run(3, { stage: "created", before: "b0" }, "2026-11-22T09:59:59Z", "completed")), delivery)).toMatchObject({ kind: "resume", checkRunId: 3 });
  });

  it("starts afresh for a new push of a commit (a branch reset)", () => {
    expect(decideNextStep(lookup(run(1, { stage: "completed", before: "other" })), delivery)).toEqual({ kind: "start" });
  });

  it("looks past check runs that stood down to the run they gave way to", () => {
    const settled = lookup(run(12, { stage: "stood-down", before: "b0" }, null, "completed"), run(11, { stage: "dispatched", before: "b0" }));
    expect(currentRun(settled.runs)?.id).toBe(11);
    expect(decideNextStep(settled, delivery)).toEqual({ kind: "skip", reason: "already dispatched" });
    expect(currentRun([run(12, { stage: "stood-down", before: "b0" })])).toBeNull();
  });

  it("lets the lower of two check runs created at once go on, the higher stand down", () => {
    const recent = "2026-11-22T09:59:59Z";
    const both = lookup(run(12, { stage: "created", before: "b0" }, recent), run(11, { stage: "created", before: "b0" }, recent));
    expect(settleDelivery(11, both, delivery)).toEqual({ kind: "go-on" });
    expect(settleDelivery(12, both, delivery)).toEqual({ kind: "stand-down", reason: "another delivery is starting this run right now" });
    // An old completed run of the same key (the commit pushed again after a reset) is no rival.
    expect(settleDelivery(12, lookup(run(12, { stage: "created", before: "b0" }, recent), run(5, { stage: "completed", before: "x" })), delivery)).toEqual({ kind: "go-on" });
  });

  it("reads only the runs below its own id: a later delivery is the one that gives way", () => {
    const later = lookup(run(13, { stage: "created", before: "b0" }, "2026-11-22T09:59:59Z"), run(12, { stage: "created", before: "b0" }, "2026-11-22T09:59:59Z"));
    expect(settleDelivery(12, later, delivery)).toEqual({ kind: "go-on" });
  });

  it("stands down for a run already dispatched or finished, whatever its check run's age (a redelivery)", () => {
    for (const stage of ["dispatched", "done", "completed"] as const) {
      expect(settleDelivery(20, lookup(run(20, { stage: "created", before: "b0" }), run(11, { stage, before: "b0" })), delivery)).toEqual({ kind: "stand-down", reason: `already ${stage}` });
    }
  });

  it("resumes a run an earlier delivery left unfinished; a third delivery at once stands down for the one resuming", () => {
    const dead = run(11, { stage: "created", before: "b0" });
    const resumer = run(20, { stage: "created", before: "b0" }, "2026-11-22T09:59:59Z");
    expect(settleDelivery(20, lookup(resumer, dead), delivery)).toEqual({ kind: "resume", checkRunId: 11, progress: { stage: "created", before: "b0" } });
    expect(settleDelivery(21, lookup(run(21, { stage: "created", before: "b0" }, "2026-11-22T09:59:59Z"), resumer, dead), delivery)).toMatchObject({ kind: "stand-down" });
    expect(settleDelivery(20, lookup(resumer, run(11, { stage: "dispatch-failed", before: "b0", deploymentId: 9 })), delivery)).toMatchObject({ kind: "resume", checkRunId: 11 });
  });

  it("looks past check runs that stood down, and stands down, never starts over, on a record it cannot read", () => {
    const own = run(30, { stage: "created", before: "b0" }, "2026-11-22T09:59:59Z");
    expect(settleDelivery(30, lookup(own, run(22, { stage: "stood-down", before: "b0" }, null, "completed"), run(21, { stage: "dispatched", before: "b0" })), delivery)).toEqual({ kind: "stand-down", reason: "already dispatched" });
    expect(settleDelivery(30, lookup(own, run(22, { stage: "stood-down", before: "b0" }, null, "completed")), delivery)).toEqual({ kind: "go-on" });
    const unreadable = { id: 5, status: "in_progress", summary: "<!-- envbranch-progress v2 !!! -->", startedAt: null };
    expect(settleDelivery(30, lookup(own, unreadable), delivery)).toMatchObject({ kind: "stand-down", unreadable: true });
  });

  it("settles deliveries that carry no push too (a deletion, a pull request)", () => {
    const runs = lookup(run(8, { stage: "created" }, "2026-11-22T09:59:59Z"), run(7, { stage: "created" }, "2026-11-22T09:59:59Z"));
    expect([settleDelivery(7, runs, {}), settleDelivery(8, runs, {})]).toEqual([{ kind: "go-on" }, expect.objectContaining({ kind: "stand-down" })]);
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
