import { describe, expect, it } from "vitest";
import { mustRequeueHead, progressMarker, readProgressRecord, type KeyedCheckRun, type RunProgress } from "../../app/decisions/run-progress.js";

/** A marker holding `record` as it stands, unchecked: what a writer other than progressMarker could leave. */
const rawMarker = (record: unknown) => `<!-- envbranch-progress v2 ${Buffer.from(JSON.stringify(record)).toString("base64url")} -->`;
const run = (id: number, progress: RunProgress | null): KeyedCheckRun => ({ id, status: "in_progress", summary: progress ? progressMarker(progress) : "not a record", startedAt: null });

describe("the progress record's fields", () => {
  it.each([
    ["a correlation id with anything before it", { stage: "created", correlationId: "../../alice-apply-1" }],
    ["a correlation id with anything after it", { stage: "created", correlationId: "alice-apply-1 <b>" }],
    ["a lock ID with anything before it", { stage: "created", lockId: "x/../0123-abcd" }],
    ["a lock ID with anything after it", { stage: "created", lockId: "0123-abcd; rm" }],
  ])("refuses %s", (_, record) => {
    expect(readProgressRecord(rawMarker(record))).toMatchObject({ kind: "invalid" });
  });

  it("names the field of a nested problem by its whole path", () => {
    const read = readProgressRecord(rawMarker({ stage: "completed", savedPlan: { key: "a.tfplan", sha256: "nope" } }));
    expect(read).toMatchObject({ kind: "invalid", problem: expect.stringMatching(/^its progress record is not valid: savedPlan\.sha256: /) });
  });

  it("names the record itself when the problem is not a field's", () => {
    expect(readProgressRecord(rawMarker(["created"]))).toMatchObject({ kind: "invalid", problem: expect.stringMatching(/^its progress record is not valid: record: /) });
  });
});

describe("mustRequeueHead", () => {
  it("reads past the head's check runs without a record", () => {
    expect(mustRequeueHead(50, [run(2, null), run(1, { stage: "dispatched", runId: 40 })])).toBe(true);
  });

  it("leaves a head alone whose newest delivery is still starting its run, whatever an older one queued", () => {
    expect(mustRequeueHead(50, [run(2, { stage: "created" }), run(1, { stage: "dispatched", runId: 40 })])).toBe(false);
  });

  it("requeues only for a run queued before ours: not for one without a run id, nor for our own", () => {
    expect(mustRequeueHead(50, [run(1, { stage: "dispatched" })])).toBe(false);
    expect(mustRequeueHead(50, [run(1, { stage: "dispatched", runId: 50 })])).toBe(false);
    expect(mustRequeueHead(50, [run(2, { stage: "dispatched", runId: 50 }), run(1, { stage: "dispatched", runId: 40 })])).toBe(true);
  });

  it("needs only one of the head's runs queued after ours to leave it alone", () => {
    expect(mustRequeueHead(50, [run(2, { stage: "dispatched", runId: 60 }), run(1, { stage: "dispatched", runId: 40 })])).toBe(false);
  });
});
