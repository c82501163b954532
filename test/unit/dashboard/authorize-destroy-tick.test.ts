import { describe, expect, it } from "vitest";
import { authorizeDestroyTick, type DestroyTickFacts } from "../../../app/decisions/authorize-destroy-tick.js";
import { sha } from "./facts.js";

const facts: DestroyTickFacts = { actor: { login: "alice", permission: "write" }, branch: "env-alice", deletionRestricted: false, latest: { sha: sha("d"), branch: "env-alice" } };

describe("authorizeDestroyTick: a destroy from the dashboard is never easier than deleting the branch", () => {
  it("destroys the newest deployed commit for a writer on a branch GitHub lets writers delete", () => {
    expect(authorizeDestroyTick(facts)).toEqual({ allowed: true, sha: sha("d") });
    expect(authorizeDestroyTick({ ...facts, latest: { sha: sha("d"), branch: null } })).toEqual({ allowed: true, sha: sha("d") });
  });

  it("refuses below write permission, saying who has what", () => {
    expect(authorizeDestroyTick({ ...facts, actor: { login: "rita", permission: "triage" } })).toEqual({ allowed: false, reason: expect.stringMatching(/^@rita has triage permission, and .* needs write permission or higher, as deleting its branch does\.$/) });
    expect(authorizeDestroyTick({ ...facts, actor: { login: "nobody", permission: "none" } })).toMatchObject({ allowed: false, reason: expect.stringContaining("@nobody has no access") });
  });

  it("refuses a protected branch even for an admin, and says to delete it instead", () => {
    const decision = authorizeDestroyTick({ ...facts, actor: { login: "root", permission: "admin" }, deletionRestricted: true });
    expect(decision).toMatchObject({ allowed: false, reason: expect.stringContaining("Delete the branch on GitHub if GitHub lets you") });
  });

  it("refuses an environment never deployed, or deployed from another branch", () => {
    expect(authorizeDestroyTick({ ...facts, latest: null })).toMatchObject({ allowed: false, reason: expect.stringContaining("never deployed") });
    expect(authorizeDestroyTick({ ...facts, latest: { sha: sha("d"), branch: "env-Alice" } })).toMatchObject({ allowed: false, reason: expect.stringContaining("`env-Alice`, not `env-alice`") });
  });
});
