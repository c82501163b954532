import type { EnvironmentPolicy } from "../config/config-schema.js";
import {
  approverClause,
  hasPermission,
  holding,
  isApprover,
  permissionClause,
  PLAN_PERMISSION,
  RESTORE_PERMISSION,
  SETUP_PERMISSION,
  UNLOCK_PERMISSION,
  whoClause,
  type ActorPermission,
} from "./command-permissions.js";

/** Everything needed to decide whether a command may run; the caller looks it all up first. */
export interface CommandRequest {
  command: "plan" | "apply" | "unlock" | "restore";
  actor: {
    login: string;
    type: "User" | "Bot" | "Organization";
    permission: ActorPermission;
    /** The configured approver teams the actor is an active member of, as `org/slug`. */
    teams: readonly string[];
  };
  /**
   * The change the command is about. For the button on a direct push's check run there is no pull
   * request: pass `number: null`, the pusher as `author`, the branch's current head as `headSha`,
   * `fromFork: false`, and `open` for whether the branch still exists.
   */
  pullRequest: { number: number | null; author: string; headSha: string; fromFork: boolean; open: boolean };
  policy: EnvironmentPolicy;
  /** The latest plan the app knows for this change and environment, or null. */
  plan: { sha: string; status: "success" | "failure" | "pending" } | null;
  /** `comment`: an issue comment was created; `button`: a check run's requested action. Same rules. */
  trigger: "comment" | "button";
}

export type CommandDecision = { allowed: true } | { allowed: false; reason: string };

/**
 * Whether a command may run. Bots never command, and nothing runs on a closed pull request.
 * - `plan`: `write` or higher, or an approver of the environment; never for a fork, whose code
 *   would run with the environment's Azure credentials.
 * - `apply`: an approver (the policy's permission or higher, a listed user, or a listed team's
 *   member), not the author unless `selfApproval`, never a fork, and only a plan that succeeded
 *   for the current head: a push after the plan voids the approval.
 * - `unlock` and `restore`: `maintain` or `admin`.
 * The first rule that fails gives the reason: one sentence saying why and what would work.
 */
export function authorizeCommand(request: CommandRequest): CommandDecision {
  const { command, actor, pullRequest, policy } = request;
  if (actor.type !== "User" || actor.login.toLowerCase().endsWith("[bot]")) {
    const kind = actor.type === "Organization" ? "an organization" : "a bot";
    const ask = request.trigger === "button" ? "press the button" : `comment \`/envbranch ${command}\``;
    return refuse(`envbranch takes commands only from people and ${actor.login} is ${kind}, so a person must ${ask} (it needs ${whoClause(command, policy)}).`);
  }
  if (!pullRequest.open) {
    return refuse(
      pullRequest.number === null
        ? "The branch of this push no longer exists, so envbranch runs no commands for it."
        : `Pull request #${pullRequest.number} is closed, so envbranch runs no commands on it; reopen it first.`,
    );
  }
  if (command === "unlock") {
    if (hasPermission(actor.permission, UNLOCK_PERMISSION)) return { allowed: true };
    return refuse(`${holding(actor)}, and \`/envbranch unlock\` needs ${permissionClause(UNLOCK_PERMISSION)}, because breaking a state lease while a run holds it can corrupt the environment's state.`);
  }
  if (command === "restore") {
    if (hasPermission(actor.permission, RESTORE_PERMISSION)) return { allowed: true };
    return refuse(`${holding(actor)}, and \`/envbranch restore\` needs ${permissionClause(RESTORE_PERMISSION)}, because it replaces the environment's Terraform state.`);
  }
  if (pullRequest.fromFork) {
    return refuse(`Pull request #${pullRequest.number} comes from a fork, and envbranch never plans or applies fork pull requests because their code would run with the environment's Azure credentials; push the branch to this repository and open the pull request from there.`);
  }
  const approver = isApprover(actor, policy.approvers);
  if (command === "plan") {
    if (approver || hasPermission(actor.permission, PLAN_PERMISSION)) return { allowed: true };
    return refuse(`${holding(actor)}, and planning needs ${whoClause("plan", policy)}.`);
  }
  if (!approver) return refuse(`${holding(actor)}, and applying needs ${approverClause(policy.approvers)}.`);
  if (!policy.selfApproval && actor.login.toLowerCase() === pullRequest.author.toLowerCase()) {
    const did = pullRequest.number === null ? "pushed this commit" : `opened pull request #${pullRequest.number}`;
    return refuse(`@${actor.login} ${did} and this environment does not allow self-approval (\`selfApproval: false\`), so another approver must apply it.`);
  }
  return checkPlan(request);
}

/**
 * Whether `/envbranch setup` may start the onboarding again: a person (not a bot) with write
 * permission or higher. It needs no environment, so it works on any pull request, closed ones too.
 */
export function authorizeSetup(actor: { login: string; type: string; permission: ActorPermission }): CommandDecision {
  if (actor.type !== "User" || actor.login.toLowerCase().endsWith("[bot]")) return refuse(`envbranch takes commands only from people, and ${actor.login} is not one.`);
  if (hasPermission(actor.permission, SETUP_PERMISSION)) return { allowed: true };
  return refuse(`${holding(actor)}, and \`/envbranch setup\` needs ${permissionClause(SETUP_PERMISSION)}, because it writes a branch and opens a pull request in envbranch's name.`);
}

/** The plan part of `apply`: there is one, for the current head, and it succeeded. */
function checkPlan({ plan, pullRequest, trigger }: CommandRequest): CommandDecision {
  const isPush = pullRequest.number === null;
  if (!plan) {
    const next = isPush ? "wait for the plan envbranch starts on every push" : "comment `/envbranch plan` and wait for it to succeed";
    return refuse(`There is no plan for the head ${sha7(pullRequest.headSha)} yet; ${next}, then apply.`);
  }
  if (plan.sha.toLowerCase() !== pullRequest.headSha.toLowerCase()) {
    const next = isPush ? "apply the newest commit's plan with its own button instead" : "comment `/envbranch plan`, then apply once that plan succeeds";
    return refuse(`Stale plan: the plan is for ${sha7(plan.sha)}, the head is ${sha7(pullRequest.headSha)}; ${next}.`);
  }
  const again = trigger === "button" ? "press Apply again" : "comment `/envbranch apply` again";
  if (plan.status === "pending") return refuse(`The plan for ${sha7(plan.sha)} is still running; wait for its check run to finish, then ${again}.`);
  if (plan.status === "failure") {
    return refuse(`The plan for ${sha7(plan.sha)} failed, so there is nothing safe to apply; fix the error its check run shows, push the fix, and apply the new plan once it succeeds.`);
  }
  return { allowed: true };
}

function refuse(reason: string): CommandDecision {
  return { allowed: false, reason };
}

function sha7(sha: string): string {
  return sha.slice(0, 7);
}
