import { meets, roleNeeds } from "../azure-roles.js";
import type { IdentityFacts, RoleAssignmentFact, StackFacts } from "../doctor-facts.js";
import type { DoctorIdentity, DoctorTarget } from "../doctor-target.js";
import { failed, passed, undecided, type Finding } from "../finding.js";
import { grantRole } from "../fix-commands.js";
import { identityLabel } from "../identity-label.js";

/** One identity's facts for the roles check: its assignments, or why they could not be read. */
export interface IdentityRoles {
  identity: DoctorIdentity;
  facts: IdentityFacts;
  assignments: RoleAssignmentFact[] | { unreadable: string };
}

/**
 * Each identity holds the roles its uses and the stack need, at or above the scope they are needed
 * at. Only direct assignments are seen: a role held through a group counts as missing.
 */
export function checkRoles(target: DoctorTarget, stack: StackFacts, identities: readonly IdentityRoles[]): Finding[] {
  return identities.flatMap(({ identity, facts, assignments }) => {
    const label = identityLabel(identity);
    // The credentials check has said what is wrong with an identity that cannot be found.
    if (facts.kind === "not-found" || facts.kind === "unreadable") return [undecided("roles", label, "its roles cannot be checked until the identity is found.")];
    if (!Array.isArray(assignments)) return [undecided("roles", label, `could not list its role assignments: ${assignments.unreadable}.`)];
    return roleNeeds(target, identity, stack).map((need) => {
      const what = `${label} may ${need.what}`;
      if (assignments.some((a) => meets(a, need))) return passed("roles", what);
      const roles = need.anyOf.join(" or ");
      return failed("roles", what, `it holds no ${roles} role${need.unconditioned ? " without a condition" : ""} at ${need.covers} or above.`, grantRole({ clientId: identity.clientId }, need.grant, need.grantScope, need.grantCondition));
    });
  });
}
