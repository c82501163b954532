import { PERMISSIONS, type EnvironmentPolicy } from "../config/config-schema.js";
import { inlineCode } from "../templates/markdown.js";
import { isConfiguredTeam } from "./team-slug.js";

/** A repository permission level, weakest first as in `PERMISSIONS`. */
export type Permission = (typeof PERMISSIONS)[number];
/** What GitHub reports for an actor; `none` for people without access to the repository. */
export type ActorPermission = "none" | Permission;

/**
 * Planning runs the pull request's Terraform with the environment's credentials, so it needs as much
 * trust as pushing a branch (`write`); approvers may plan too, so an approver configured with a
 * lower permission can refresh the plan they are asked to approve.
 */
export const PLAN_PERMISSION: Permission = "write";
/**
 * Starting the setup again writes a branch and opens a pull request in the app's name, which anyone
 * who may push a branch could do themselves; less trust would let readers make the app write.
 */
export const SETUP_PERMISSION: Permission = "write";
/** Breaking a state lease can let two runs write one state, so only maintainers and admins may. */
export const UNLOCK_PERMISSION: Permission = "maintain";
/** Restoring a snapshot replaces the environment's state: the same trust as breaking its lease. */
export const RESTORE_PERMISSION: Permission = UNLOCK_PERMISSION;

// Long approver lists would drown the sentence they appear in.
const LISTED_NAMES = 5;

/** Who may run a command, as the end of a sentence ("needs …"). */
export function whoClause(command: "plan" | "apply" | "unlock" | "restore", policy: EnvironmentPolicy): string {
  if (command === "unlock") return permissionClause(UNLOCK_PERMISSION);
  if (command === "restore") return permissionClause(RESTORE_PERMISSION);
  if (command === "apply") return approverClause(policy.approvers);
  // Approvers may plan whatever their permission, so planning needs the lower of the two levels.
  const permission = hasPermission(policy.approvers.permission, PLAN_PERMISSION) ? PLAN_PERMISSION : policy.approvers.permission;
  return approverClause({ ...policy.approvers, permission });
}

/** Whether a held permission is at least the needed one. */
export function hasPermission(held: ActorPermission, needed: Permission): boolean {
  return held !== "none" && PERMISSIONS.indexOf(held) >= PERMISSIONS.indexOf(needed);
}

/**
 * Whether the actor may approve under the policy: by permission, by being a listed user (logins
 * compare case-insensitively, as GitHub's do), or by membership of a listed team.
 */
export function isApprover(actor: { login: string; permission: ActorPermission; teams: readonly string[] }, approvers: EnvironmentPolicy["approvers"]): boolean {
  const login = actor.login.toLowerCase();
  return (
    hasPermission(actor.permission, approvers.permission) ||
    approvers.users.some((user) => user.trim().replace(/^@/, "").toLowerCase() === login) ||
    actor.teams.some((team) => isConfiguredTeam(approvers.teams, team))
  );
}

/** "write permission or higher" and, when the config lists any, the users and teams who may approve too. */
export function approverClause(approvers: EnvironmentPolicy["approvers"]): string {
  const lists = [
    approvers.users.length > 0 ? `users ${names(approvers.users)}` : "",
    approvers.teams.length > 0 ? `teams ${names(approvers.teams)}` : "",
  ].filter(Boolean);
  const listed = lists.length > 0 ? `, or being an approver listed in \`.github/envbranch.yml\` (${lists.join("; ")})` : "";
  return `${permissionClause(approvers.permission)}${listed}`;
}

/** "write permission or higher", "maintain or admin permission", "admin permission". */
export function permissionClause(permission: Permission): string {
  if (permission === "admin") return "admin permission";
  return permission === "maintain" ? "maintain or admin permission" : `${permission} permission or higher`;
}

/** How an actor's permission reads in a sentence: "@bob has read permission". */
export function holding(actor: { login: string; permission: ActorPermission }): string {
  return actor.permission === "none" ? `@${actor.login} has no access to this repository` : `@${actor.login} has ${actor.permission} permission`;
}

function names(list: readonly string[]): string {
  const shown = list.slice(0, LISTED_NAMES).map((name) => inlineCode(name)).join(", ");
  return list.length > LISTED_NAMES ? `${shown} and ${list.length - LISTED_NAMES} more` : shown;
}
