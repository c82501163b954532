import { describe, expect, it } from "vitest";
import { decideRetry, offersRetry } from "../../app/decisions/decide-retry.js";
import { externalIdFor, externalIds, RETRY_ACTION } from "../../app/decisions/run-identity.js";
import { progressMarker } from "../../app/decisions/run-progress.js";

const SHA = "a".repeat(40);
const stopped = (progress: Parameters<typeof progressMarker>[0]) => progressMarker(progress);

describe("decideRetry: what a Retry press does again", () => {
  it("retries a push's run with the push on record", () => {
    expect(decideRetry(externalIdFor("alice", SHA, "apply"), stopped({ stage: "created", before: "b".repeat(40), author: "bob" }))).toEqual({ kind: "push", slug: "alice", sha: SHA, action: "apply", before: "b".repeat(40), author: "bob" });
  });

  it("handles again a push an error stopped before its run existed, with its branch and push on record", () => {
    const record = { stage: "created" as const, branch: "env-alice", before: "b".repeat(40), author: "bob" };
    expect(decideRetry(externalIds.setup(SHA), stopped(record))).toEqual({ kind: "push-again", branch: "env-alice", sha: SHA, before: "b".repeat(40), author: "bob" });
    // Without the branch or the push's `before`, there is no push to handle again.
    expect(decideRetry(externalIds.setup(SHA), stopped({ stage: "created", before: "b".repeat(40) }))).toBeNull();
    expect(decideRetry(externalIds.setup(SHA), stopped({ stage: "created", branch: "env-alice" }))).toBeNull();
  });

  it("retries a pull request's run as its command, an unlock with its lock ID", () => {
    expect(decideRetry(externalIdFor("staging", SHA, "plan"), stopped({ stage: "dispatch-failed", pullRequest: 7 }))).toEqual({ kind: "pull-request", number: 7, sha: SHA, command: "plan" });
    expect(decideRetry(externalIdFor("staging", SHA, "unlock"), stopped({ stage: "created", pullRequest: 7, lockId: "lock-1" }))).toEqual({ kind: "pull-request", number: 7, sha: SHA, command: "unlock", lockId: "lock-1" });
    expect(decideRetry(externalIds.pullRequest(7, SHA), "")).toEqual({ kind: "pull-request", number: 7, sha: SHA, command: "plan" });
  });

  it("retries a destroy from its run's key or from its failure before the run existed", () => {
    expect(decideRetry(externalIdFor("alice", SHA, "destroy"), stopped({ stage: "state-archived" }))).toEqual({ kind: "destroy", slug: "alice", sha: SHA });
    expect(decideRetry(externalIds.teardown("alice", SHA), "")).toEqual({ kind: "destroy", slug: "alice", sha: SHA });
  });

  it("retries a pushed plan's apply only with its pusher on record, who decides a self-approval", () => {
    expect(decideRetry(externalIdFor("prod", SHA, "apply"), stopped({ stage: "created", author: "bob" }))).toEqual({ kind: "pushed-apply", slug: "prod", sha: SHA, author: "bob" });
    expect(decideRetry(externalIdFor("prod", SHA, "apply"), stopped({ stage: "created" }))).toBeNull();
  });

  it("offers nothing for check runs that are no work of envbranch's, or whose record is unreadable", () => {
    for (const id of [externalIds.setup(SHA), externalIds.config(SHA), externalIds.button(5), "envbranch:pr:0:" + SHA, "miniak/event-process-id"]) expect(decideRetry(id, "")).toBeNull();
    expect(decideRetry(externalIdFor("alice", SHA, "apply"), "<!-- envbranch-progress v2 !!! -->")).toBeNull();
    expect(decideRetry(externalIdFor("alice", SHA, "deploy"), stopped({ stage: "created", pullRequest: 7 }))).toBeNull();
  });
});

describe("offersRetry", () => {
  it("offers Retry on every run but an apply on merge, whose approval was the reviews", () => {
    expect(offersRetry({ action: "apply", pullRequest: 7, applyOn: "merge" })).toBe(false);
    expect(offersRetry({ action: "apply", pullRequest: 7, applyOn: "comment" })).toBe(true);
    expect(offersRetry({ action: "apply", applyOn: "merge" })).toBe(true);
    expect(offersRetry({ action: "destroy", applyOn: "comment" })).toBe(true);
  });

  it("keeps the button within GitHub's limits (label and identifier 20 characters, description 40)", () => {
    expect(RETRY_ACTION.label.length).toBeLessThanOrEqual(20);
    expect(RETRY_ACTION.identifier.length).toBeLessThanOrEqual(20);
    expect(RETRY_ACTION.description.length).toBeLessThanOrEqual(40);
  });
});
