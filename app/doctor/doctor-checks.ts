import { checkFederatedCredentials } from "./checks/check-federated-credentials.js";
import { checkResourceProviders } from "./checks/check-resource-providers.js";
import { checkRoles } from "./checks/check-roles.js";
import { checkStateProtection } from "./checks/check-state-protection.js";
import { checkStateStorage } from "./checks/check-state-storage.js";
import type { FoundIdentity, IdentityFacts } from "./doctor-facts.js";
import type { DoctorIdentity, DoctorTarget } from "./doctor-target.js";
import type { FactSource } from "./gather/fact-source.js";
import type { CheckName, Finding } from "./finding.js";
import { describe } from "../errors/describe-error.js";
import { redactSecrets } from "./format-findings.js";

/** Why a listing failed, for a finding: Azure's error, with anything token-shaped taken out. */
function unreadable(error: unknown): { unreadable: string } {
  return { unreadable: redactSecrets(describe(error)) };
}

/**
 * For each of the target's identities: what Azure says about it, and what `more` gathers once it
 * is found (`notFound` when it is not, which the checks report).
 */
async function ofEachIdentity<T extends object>(
  target: DoctorTarget,
  facts: FactSource,
  more: (found: FoundIdentity) => Promise<T>,
  notFound: T,
): Promise<({ identity: DoctorIdentity; facts: IdentityFacts } & T)[]> {
  return Promise.all(
    target.identities.map(async (identity) => {
      const found = await facts.identity(identity.clientId);
      const extra = found.kind === "managed-identity" || found.kind === "app-registration" ? await more(found) : notFound;
      return { identity, facts: found, ...extra };
    }),
  );
}

/** One check: gather its facts, then decide with its pure function under checks/. */
export interface DoctorCheck {
  name: CheckName;
  /** What the check's line says when it cannot run at all. */
  label: string;
  run(target: DoctorTarget, facts: FactSource): Promise<Finding[]>;
}

/**
 * Every check doctor runs, in the order it prints them. A new check is a file under checks/ and
 * an entry here (its name added to CHECK_NAMES in finding.ts).
 */
export const DOCTOR_CHECKS: readonly DoctorCheck[] = [
  {
    name: "state-storage",
    label: "state storage",
    run: async (target, facts) => checkStateStorage(target, await facts.state()),
  },
  {
    name: "state-protection",
    label: "state account protection",
    run: async (target, facts) => checkStateProtection(target, await facts.stateProtection().catch(unreadable)),
  },
  {
    name: "federated-credentials",
    label: "federated credentials",
    run: async (target, facts) => {
      const identities = await ofEachIdentity(target, facts, async (found) => ({ credentials: await facts.credentials(found).catch(unreadable) }), { credentials: [] });
      return checkFederatedCredentials(target, identities);
    },
  },
  {
    name: "roles",
    label: "roles",
    run: async (target, facts) => {
      const identities = await ofEachIdentity(target, facts, async (found) => ({ assignments: await facts.roleAssignments(found.principalId).catch(unreadable) }), { assignments: [] });
      return checkRoles(target, await facts.stack(), identities);
    },
  },
  {
    name: "resource-providers",
    label: "resource providers",
    run: async (target, facts) => checkResourceProviders(target, await facts.stack(), await facts.providers()),
  },
];
