import { hasPermission, holding, permissionClause, type ActorPermission, type Permission } from "../commands/command-permissions.js";
import type { CommandDecision } from "../commands/authorize-command.js";
import { inlineCode } from "../templates/markdown.js";

/** Deleting a branch needs write permission on GitHub, and deleting an environment branch destroys its environment. */
const DESTROY_PERMISSION: Permission = "write";

/** What GitHub says about the branch, the ticker and the environment's deployments, read before deciding. */
export interface DestroyTickFacts {
  actor: { login: string; permission: ActorPermission };
  branch: string;
  /** GitHub's `protected` flag of the branch, or a ruleset rule restricting its deletion. */
  deletionRestricted: boolean;
  /** The environment's newest deployment by this app and the branch it recorded, or null if it never deployed. */
  latest: { sha: string; branch: string | null } | null;
}

/**
 * Whether a ticked `destroy` may destroy a live environment, and at which commit. A destroy from the
 * dashboard must never be easier than deleting the branch, which destroys it too: it needs write
 * permission, as deleting any branch does, and only on a branch that GitHub lets a writer delete. A
 * protected branch, or one a ruleset guards against deletion, is refused whoever ticks: who may bypass
 * such rules is set where this app cannot read it (administration), so GitHub alone should decide, by
 * the deletion itself. Then, as for a deleted branch, it destroys the newest deployed commit, and only
 * an environment this branch deployed.
 */
export function authorizeDestroyTick(facts: DestroyTickFacts): { allowed: true; sha: string } | Extract<CommandDecision, { allowed: false }> {
  const branch = inlineCode(facts.branch);
  if (!hasPermission(facts.actor.permission, DESTROY_PERMISSION)) {
    return refuse(`${holding(facts.actor)}, and destroying an environment from the dashboard needs ${permissionClause(DESTROY_PERMISSION)}, as deleting its branch does.`);
  }
  if (facts.deletionRestricted) {
    return refuse(
      `${branch} is protected by branch protection or a ruleset, and who may delete it is decided by rules envbranch cannot read, so the dashboard destroys nothing of it. Delete the branch on GitHub if GitHub lets you: that destroys the environment.`,
    );
  }
  if (!facts.latest) return refuse(`${branch} was never deployed, so there is nothing to destroy.`);
  if (facts.latest.branch !== null && facts.latest.branch !== facts.branch) {
    return refuse(`the environment was last deployed from ${inlineCode(facts.latest.branch)}, not ${branch}, so destroying it is for that branch.`);
  }
  return { allowed: true, sha: facts.latest.sha };
}

function refuse(reason: string): { allowed: false; reason: string } {
  return { allowed: false, reason };
}
