import { describe, expect, it } from "vitest";
import { PERMISSIONS } from "../../../app/config/config-schema.js";
import { approverClause, hasPermission, holding, isApprover, permissionClause, whoClause } from "../../../app/commands/command-permissions.js";
import { testPolicy } from "./test-policy.js";

const approvers = (overrides: { permission?: string; users?: string[]; teams?: string[] } = {}) => testPolicy({ approvers: overrides }).approvers;

describe("hasPermission", () => {
  it("holds a level and every weaker one, never a stronger one; no access holds nothing", () => {
    for (const [i, held] of PERMISSIONS.entries()) {
      expect(PERMISSIONS.filter((needed) => hasPermission(held, needed))).toEqual(PERMISSIONS.slice(0, i + 1));
    }
    expect(PERMISSIONS.filter((needed) => hasPermission("none", needed))).toEqual([]);
  });
});

describe("isApprover", () => {
  const actor = (login: string, permission: "none" | "read" | "write" | "admin" = "read", teams: string[] = []) => ({ login, permission, teams });

  it("accepts the policy's permission or higher, and nothing lower", () => {
    expect(isApprover(actor("alice", "admin"), approvers({ permission: "maintain" }))).toBe(true);
    expect(isApprover(actor("alice", "write"), approvers({ permission: "maintain" }))).toBe(false);
  });

  it("accepts a listed user whatever the case, a leading @ or spaces around the name", () => {
    expect(isApprover(actor("Carol"), approvers({ users: [" @carol "] }))).toBe(true);
    expect(isApprover(actor("carol"), approvers({ users: ["CAROL"] }))).toBe(true);
    expect(isApprover(actor("carol"), approvers({ users: ["carolyn", "@dave"] }))).toBe(false);
    // Only a leading @ is the CODEOWNERS habit; one inside a name is no login GitHub allows, so it matches none.
    expect(isApprover(actor("carol"), approvers({ users: ["ca@rol"] }))).toBe(false);
  });

  it("accepts a member of a listed team, not of another team", () => {
    expect(isApprover(actor("erin", "none", ["octo-org/platform"]), approvers({ teams: ["platform"] }))).toBe(true);
    expect(isApprover(actor("erin", "none", ["octo-org/frontend"]), approvers({ teams: ["platform"] }))).toBe(false);
  });
});

describe("whoClause", () => {
  it("names maintain for unlock and restore whatever the policy", () => {
    expect(whoClause("unlock", testPolicy({ approvers: { permission: "admin" } }))).toBe("maintain or admin permission");
    expect(whoClause("restore", testPolicy({ approvers: { permission: "read" } }))).toBe("maintain or admin permission");
  });

  it("names the approvers for apply, and for plan the lower of write and the approvers' permission", () => {
    const policy = testPolicy({ approvers: { permission: "admin", users: ["carol"] } });
    expect(whoClause("apply", policy)).toBe("admin permission, or being an approver listed in `.github/envbranch.yml` (users `carol`)");
    expect(whoClause("plan", policy)).toBe("write permission or higher, or being an approver listed in `.github/envbranch.yml` (users `carol`)");
    expect(whoClause("plan", testPolicy({ approvers: { permission: "triage" } }))).toBe("triage permission or higher");
  });
});

describe("approverClause", () => {
  it("lists users and teams, each list apart", () => {
    expect(approverClause(approvers({ users: ["carol", "dave"], teams: ["platform"] }))).toBe(
      "write permission or higher, or being an approver listed in `.github/envbranch.yml` (users `carol`, `dave`; teams `platform`)",
    );
    expect(approverClause(approvers({ teams: ["platform"] }))).toBe("write permission or higher, or being an approver listed in `.github/envbranch.yml` (teams `platform`)");
  });

  it("shows five names of a longer list and counts the rest", () => {
    const six = ["a1", "a2", "a3", "a4", "a5", "a6"];
    expect(approverClause(approvers({ users: six }))).toBe("write permission or higher, or being an approver listed in `.github/envbranch.yml` (users `a1`, `a2`, `a3`, `a4`, `a5` and 1 more)");
    expect(approverClause(approvers({ users: six.slice(0, 5) }))).toBe("write permission or higher, or being an approver listed in `.github/envbranch.yml` (users `a1`, `a2`, `a3`, `a4`, `a5`)");
  });
});

describe("permissionClause and holding", () => {
  it("reads each level as a sentence's end", () => {
    expect(PERMISSIONS.map(permissionClause)).toEqual(["read permission or higher", "triage permission or higher", "write permission or higher", "maintain or admin permission", "admin permission"]);
  });

  it("says who holds what, and who has no access", () => {
    expect(holding({ login: "bob", permission: "read" })).toBe("@bob has read permission");
    expect(holding({ login: "eve", permission: "none" })).toBe("@eve has no access to this repository");
  });
});
