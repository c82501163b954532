import { describe, expect, it } from "vitest";
import { standingApprovals, type ReviewFacts } from "../../app/decisions/standing-approvals.js";

const HEAD = "c".repeat(40);
const OLD = "0".repeat(40);
const review = (login: string, state: string, commitId = HEAD, type = "User"): ReviewFacts => ({ login, state, commitId, type });

describe("standingApprovals", () => {
  it("keeps an approval that later comment reviews follow", () => {
    expect(standingApprovals([review("alice", "APPROVED"), review("alice", "COMMENTED"), review("alice", "PENDING")], HEAD)).toEqual([{ login: "alice", type: "User" }]);
  });

  it("drops an approval the same reviewer replaced by a change request, or that was dismissed", () => {
    expect(standingApprovals([review("alice", "APPROVED"), review("alice", "CHANGES_REQUESTED")], HEAD)).toEqual([]);
    expect(standingApprovals([review("alice", "APPROVED"), review("alice", "DISMISSED")], HEAD)).toEqual([]);
  });

  it("counts an approval after a change request, and only of the head", () => {
    expect(standingApprovals([review("alice", "CHANGES_REQUESTED"), review("alice", "APPROVED")], HEAD)).toEqual([{ login: "alice", type: "User" }]);
    expect(standingApprovals([review("alice", "APPROVED", OLD), review("alice", "COMMENTED")], HEAD)).toEqual([]);
  });

  it("keeps each reviewer apart and says which are bots; a review without a user counts for nobody", () => {
    const reviews = [review("alice", "APPROVED"), review("ci[bot]", "APPROVED", HEAD, "Bot"), { login: null, state: "APPROVED", commitId: HEAD, type: "User" }, review("bob", "CHANGES_REQUESTED")];
    expect(standingApprovals(reviews, HEAD)).toEqual([{ login: "alice", type: "User" }, { login: "ci[bot]", type: "Bot" }]);
  });
});
