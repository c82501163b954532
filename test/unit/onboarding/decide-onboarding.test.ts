import { describe, expect, it } from "vitest";
import { authorizeSetup } from "../../../app/commands/authorize-command.js";
import { decideOnboarding, decideSetupAgain, missingPermissions } from "../../../app/decisions/decide-onboarding.js";

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

describe("decideSetupAgain", () => {
  it("does nothing for a configured repository", () => {
    expect(decideSetupAgain({ hasConfig: true, pulls: [{ number: 1, state: "open", byApp: true }] })).toEqual({ kind: "configured" });
  });

  it("refreshes the app's open pull request, and opens a new one after a close or someone else's", () => {
    expect(decideSetupAgain({ hasConfig: false, pulls: [{ number: 1, state: "closed", byApp: true }, { number: 2, state: "open", byApp: true }] })).toEqual({ kind: "refresh", number: 2 });
    expect(decideSetupAgain({ hasConfig: false, pulls: [{ number: 1, state: "closed", byApp: true }] })).toEqual({ kind: "open" });
    expect(decideSetupAgain({ hasConfig: false, pulls: [{ number: 3, state: "open", byApp: false }] })).toEqual({ kind: "open" });
  });
});

describe("authorizeSetup", () => {
  it("lets people with write permission or more start again, and no one else", () => {
    expect(authorizeSetup({ login: "alice", type: "User", permission: "write" })).toEqual({ allowed: true });
    expect(authorizeSetup({ login: "alice", type: "User", permission: "admin" })).toEqual({ allowed: true });
    expect(authorizeSetup({ login: "tri", type: "User", permission: "triage" })).toMatchObject({ allowed: false, reason: expect.stringContaining("@tri has triage permission") });
    expect(authorizeSetup({ login: "nobody", type: "User", permission: "none" })).toMatchObject({ allowed: false, reason: expect.stringContaining("no access") });
    expect(authorizeSetup({ login: "ci[bot]", type: "Bot", permission: "admin" })).toMatchObject({ allowed: false, reason: expect.stringContaining("only from people") });
  });
});
