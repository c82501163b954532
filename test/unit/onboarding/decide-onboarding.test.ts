import { describe, expect, it } from "vitest";
import { decideOnboarding, missingPermissions } from "../../../app/decisions/decide-onboarding.js";

const fresh = { hasConfig: false, setupBranch: false, pulls: [] };

describe("missingPermissions", () => {
  it("names each of contents and workflows not granted as write", () => {
    expect(missingPermissions({ contents: "write", workflows: "write", metadata: "read" })).toEqual([]);
    expect(missingPermissions({ contents: "read", metadata: "read" })).toEqual(["contents: write", "workflows: write"]);
    expect(missingPermissions({ contents: "write", workflows: "read" })).toEqual(["workflows: write"]);
  });
});

describe("decideOnboarding", () => {
  it("opens the pull request for a repository without config, setup branch or earlier pull request", () => {
    expect(decideOnboarding(fresh)).toEqual({ kind: "open" });
  });

  it("skips a repository with a config", () => {
    expect(decideOnboarding({ ...fresh, hasConfig: true })).toEqual({ kind: "skip", reason: "the repository has a config already" });
  });

  it("never reopens: a closed pull request of the app's means not now, even with its branch deleted", () => {
    expect(decideOnboarding({ ...fresh, pulls: [{ number: 4, state: "closed", byApp: true }] })).toEqual({ kind: "skip", reason: "the onboarding pull request #4 was closed: not now" });
  });

  it("skips while the app's pull request is open", () => {
    expect(decideOnboarding({ ...fresh, setupBranch: true, pulls: [{ number: 5, state: "open", byApp: true }] })).toEqual({ kind: "skip", reason: "the onboarding pull request #5 is open" });
  });

  it("leaves a setup branch alone that someone else pushed, with or without their own pull request", () => {
    expect(decideOnboarding({ ...fresh, setupBranch: true })).toEqual({ kind: "skip", reason: "the branch envbranch/setup exists" });
    expect(decideOnboarding({ ...fresh, setupBranch: true, pulls: [{ number: 6, state: "open", byApp: false }] })).toMatchObject({ kind: "skip", reason: "the branch envbranch/setup exists" });
  });

  it("does not take someone else's closed pull request from a deleted branch for the app's", () => {
    expect(decideOnboarding({ ...fresh, pulls: [{ number: 7, state: "closed", byApp: false }] })).toEqual({ kind: "open" });
  });
});
