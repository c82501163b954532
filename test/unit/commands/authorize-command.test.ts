import { describe, expect, it } from "vitest";
import { authorizeCommand, type CommandRequest } from "../../../app/commands/authorize-command.js";
import { testPolicy as policy } from "./test-policy.js";

const HEAD = "c0ffee1234567890c0ffee1234567890c0ffee12";
const OLD = "0ld5ha1234567890aaaaaaaaaaaaaaaaaaaaaaaa";

interface Case {
  name: string;
  command?: CommandRequest["command"];
  actor?: Partial<CommandRequest["actor"]>;
  pullRequest?: Partial<CommandRequest["pullRequest"]>;
  policy?: Record<string, unknown>;
  plan?: CommandRequest["plan"];
  /** true, or the fragments the refusal must contain. */
  expect: true | string[];
}

function request(c: Case, trigger: CommandRequest["trigger"]): CommandRequest {
  return {
    command: c.command ?? "apply",
    actor: { login: "alice", type: "User", permission: "write", teams: [], ...c.actor },
    pullRequest: { number: 42, author: "bob", headSha: HEAD, fromFork: false, open: true, ...c.pullRequest },
    policy: policy(c.policy),
    plan: c.plan === undefined ? { sha: HEAD, status: "success" } : c.plan,
    trigger,
  };
}

// Defaults: apply by alice (write) on bob's open PR #42, policy approvers.permission write (the
// default), a successful plan for the head. Each row changes only what it names.
const matrix: Case[] = [
  // Repository permission against the default `write`
  { name: "read-only user may not apply", actor: { permission: "read" }, expect: ["@alice has read permission", "write permission or higher"] },
  { name: "triage user may not apply", actor: { permission: "triage" }, expect: ["@alice has triage permission", "write permission or higher"] },
  { name: "write user may apply", actor: { permission: "write" }, expect: true },
  { name: "maintainer may apply", actor: { permission: "maintain" }, expect: true },
  { name: "admin may apply", actor: { permission: "admin" }, expect: true },
  { name: "user without access may not apply", actor: { permission: "none" }, expect: ["@alice has no access to this repository", "write permission or higher"] },
  { name: "policy permission admin refuses a maintainer", actor: { permission: "maintain" }, policy: { approvers: { permission: "admin" } }, expect: ["@alice has maintain permission", "needs admin permission"] },
  { name: "policy permission triage lets a triager apply", actor: { permission: "triage" }, policy: { approvers: { permission: "triage" } }, expect: true },

  // Configured approvers
  { name: "configured user with read permission may apply", actor: { permission: "read" }, policy: { approvers: { users: ["carol", "alice"] } }, expect: true },
  { name: "configured user matches whatever the case and a leading @", actor: { login: "Alice", permission: "read" }, policy: { approvers: { users: ["@alice"] } }, expect: true },
  { name: "configured team member may apply", actor: { permission: "read", teams: ["octo-org/platform"] }, policy: { approvers: { teams: ["platform"] } }, expect: true },
  { name: "configured org/team member may apply", actor: { permission: "read", teams: ["octo-org/platform"] }, policy: { approvers: { teams: ["Octo-Org/Platform"] } }, expect: true },
  { name: "member of a team that is not configured may not apply", actor: { permission: "read", teams: ["octo-org/frontend"] }, policy: { approvers: { teams: ["platform"] } }, expect: ["write permission or higher", "teams `platform`"] },
  { name: "member of a same-named team of another org may not apply", actor: { permission: "read", teams: ["octo-org/platform"] }, policy: { approvers: { teams: ["other-org/platform"] } }, expect: ["@alice has read permission"] },
  { name: "refusal names the listed approvers", actor: { permission: "read" }, policy: { approvers: { users: ["carol"], teams: ["platform"] } }, expect: ["users `carol`", "teams `platform`"] },

  // Self-approval
  { name: "PR author may not approve without selfApproval", actor: { login: "bob", permission: "admin" }, expect: ["@bob opened pull request #42", "selfApproval: false", "another approver"] },
  { name: "PR author may approve with selfApproval", actor: { login: "bob" }, policy: { selfApproval: true }, expect: true },
  { name: "self-approval compares logins case-blind", actor: { login: "BOB" }, expect: ["self-approval"] },

  // Forks, closed pull requests, bots
  { name: "fork PR is never applied, even by an admin", actor: { permission: "admin" }, pullRequest: { fromFork: true }, expect: ["comes from a fork", "never plans or applies"] },
  { name: "fork PR is never planned", command: "plan", actor: { permission: "admin" }, pullRequest: { fromFork: true }, expect: ["comes from a fork"] },
  { name: "closed PR: no apply", pullRequest: { open: false }, expect: ["#42 is closed", "reopen"] },
  { name: "closed PR: no plan", command: "plan", pullRequest: { open: false }, expect: ["#42 is closed"] },
  { name: "closed PR: no unlock", command: "unlock", actor: { permission: "admin" }, pullRequest: { open: false }, expect: ["#42 is closed"] },
  { name: "bot actor may not apply", actor: { login: "renovate[bot]", type: "Bot", permission: "admin" }, expect: ["only from people", "renovate[bot] is a bot"] },
  { name: "a [bot] login is a bot whatever its type says", actor: { login: "ci[bot]", type: "User", permission: "admin" }, expect: ["is a bot"] },
  { name: "organization actor may not apply", actor: { login: "octo-org", type: "Organization", permission: "admin" }, expect: ["octo-org is an organization"] },

  // The plan
  { name: "stale SHA: plan for an older head", plan: { sha: OLD, status: "success" }, expect: ["Stale plan: the plan is for 0ld5ha1, the head is c0ffee1", "/envbranch plan"] },
  { name: "failed plan", plan: { sha: HEAD, status: "failure" }, expect: ["The plan for c0ffee1 failed", "push the fix"] },
  { name: "pending plan", plan: { sha: HEAD, status: "pending" }, expect: ["still running", "wait"] },
  { name: "no plan", plan: null, expect: ["There is no plan for the head c0ffee1", "/envbranch plan"] },
  { name: "plan SHA compares case-blind", plan: { sha: HEAD.toUpperCase(), status: "success" }, expect: true },
  { name: "stale beats failed: the newer head needs a plan first", plan: { sha: OLD, status: "failure" }, expect: ["Stale plan"] },

  // plan
  { name: "write user may plan", command: "plan", plan: null, expect: true },
  { name: "read-only user may not plan", command: "plan", actor: { permission: "read" }, expect: ["@alice has read permission", "planning needs write permission or higher"] },
  { name: "configured user with read permission may plan", command: "plan", actor: { permission: "read" }, policy: { approvers: { users: ["alice"] } }, expect: true },
  { name: "triager may plan where triage may approve", command: "plan", actor: { permission: "triage" }, policy: { approvers: { permission: "triage" } }, expect: true },
  { name: "write user may plan where only admins approve", command: "plan", policy: { approvers: { permission: "admin" } }, expect: true },
  { name: "PR author may plan their own PR", command: "plan", actor: { login: "bob" }, expect: true },

  // unlock
  { name: "unlock by write is refused", command: "unlock", actor: { permission: "write" }, expect: ["@alice has write permission", "needs maintain or admin permission"] },
  { name: "unlock by maintain is allowed", command: "unlock", actor: { permission: "maintain" }, expect: true },
  { name: "unlock by admin is allowed", command: "unlock", actor: { permission: "admin" }, expect: true },
  { name: "unlock by a configured approver with read is refused", command: "unlock", actor: { permission: "read" }, policy: { approvers: { users: ["alice"] } }, expect: ["needs maintain or admin permission"] },
  // restore: the same trust as unlock
  { name: "restore by write is refused", command: "restore", actor: { permission: "write" }, expect: ["@alice has write permission", "`/envbranch restore` needs maintain or admin permission", "replaces the environment's Terraform state"] },
  { name: "restore by maintain is allowed", command: "restore", actor: { permission: "maintain" }, plan: null, expect: true },
  { name: "restore by a configured approver with write is refused", command: "restore", actor: { permission: "write" }, policy: { approvers: { users: ["alice"] } }, expect: ["needs maintain or admin permission"] },
  { name: "closed PR: no restore", command: "restore", actor: { permission: "admin" }, pullRequest: { open: false }, expect: ["#42 is closed"] },
  { name: "unlock needs no plan and works on a fork PR", command: "unlock", actor: { permission: "maintain" }, pullRequest: { fromFork: true }, plan: null, expect: true },
];

describe("authorizeCommand", () => {
  describe.each(["comment", "button"] as const)("triggered by %s", (trigger) => {
    it.each(matrix.map((c) => [c.name, c] as const))("%s", (_name, c) => {
      const decision = authorizeCommand(request(c, trigger));
      if (c.expect === true) {
        expect(decision).toEqual({ allowed: true });
        return;
      }
      expect(decision.allowed).toBe(false);
      const reason = decision.allowed ? "" : decision.reason;
      for (const fragment of c.expect) expect(reason).toContain(fragment);
      // One sentence: a single line, one full stop at its end.
      expect(reason).toMatch(/^[^\n]+\.$/);
      expect(reason.slice(0, -1)).not.toMatch(/\.\s/);
    });
  });

  it("tells a button press to press again, and a comment to comment again", () => {
    const pending: Case = { name: "pending", plan: { sha: HEAD, status: "pending" }, expect: [] };
    expect(authorizeCommand(request(pending, "button"))).toMatchObject({ reason: expect.stringContaining("press Apply again") });
    expect(authorizeCommand(request(pending, "comment"))).toMatchObject({ reason: expect.stringContaining("comment `/envbranch apply` again") });
  });

  it("covers a direct push's button, which has no pull request", () => {
    const push = (over: Partial<CommandRequest["pullRequest"]>, plan: CommandRequest["plan"] = { sha: HEAD, status: "success" }) =>
      authorizeCommand({ ...request({ name: "push", expect: true }, "button"), pullRequest: { number: null, author: "bob", headSha: HEAD, fromFork: false, open: true, ...over }, plan });
    expect(push({})).toEqual({ allowed: true });
    expect(push({ author: "alice" })).toMatchObject({ reason: expect.stringContaining("@alice pushed this commit") });
    expect(push({ open: false })).toMatchObject({ reason: expect.stringContaining("branch of this push no longer exists") });
    expect(push({}, { sha: OLD, status: "success" })).toMatchObject({ reason: expect.stringContaining("apply the newest commit's plan with its own button") });
    expect(push({}, null)).toMatchObject({ reason: expect.stringContaining("wait for the plan envbranch starts on every push, then apply") });
  });

  it("tells a bot's button press that a person must press it, and a bot's comment that a person must comment", () => {
    const bot: Case = { name: "bot", command: "plan", actor: { login: "renovate[bot]", type: "Bot", permission: "admin" }, expect: [] };
    expect(authorizeCommand(request(bot, "button"))).toMatchObject({ reason: expect.stringContaining("so a person must press the button (it needs") });
    expect(authorizeCommand(request(bot, "comment"))).toMatchObject({ reason: expect.stringContaining("so a person must comment `/envbranch plan` (it needs") });
  });

  it("shortens long approver lists in a refusal", () => {
    const users = ["u1", "u2", "u3", "u4", "u5", "u6", "u7"];
    const decision = authorizeCommand(request({ name: "many", actor: { permission: "read" }, policy: { approvers: { users } }, expect: [] }, "comment"));
    expect(decision).toMatchObject({ reason: expect.stringContaining("`u5` and 2 more") });
  });
});
