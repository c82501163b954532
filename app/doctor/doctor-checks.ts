import { checkFederatedCredentials, type IdentityCredentials } from "./checks/check-federated-credentials.js";
import { checkResourceProviders } from "./checks/check-resource-providers.js";
import { checkRoles, type IdentityRoles } from "./checks/check-roles.js";
import { checkStateStorage } from "./checks/check-state-storage.js";
import type { DoctorTarget } from "./doctor-target.js";
import type { FactSource } from "./gather/fact-source.js";
import type { CheckName, Finding } from "./finding.js";
import { describe } from "../errors/describe-error.js";
import { redactSecrets } from "./format-findings.js";

/** Why a listing failed, for a finding: Azure's error, with anything token-shaped taken out. */
function unreadable(error: unknown): { unreadable: string } {
  return { unreadable: redactSecrets(describe(error)) };
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
    name: "federated-credentials",
    label: "federated credentials",
    run: async (target, facts) => {
      const identities = await Promise.all(
        target.identities.map(async (identity): Promise<IdentityCredentials> => {
          const found = await facts.identity(identity.clientId);
          const credentials = found.kind === "managed-identity" || found.kind === "app-registration" ? await facts.credentials(found).catch(unreadable) : [];
          return { identity, facts: found, credentials };
        }),
      );
      return checkFederatedCredentials(target, identities);
    },
  },
  {
    name: "roles",
    label: "roles",
    run: async (target, facts) => {
      const identities = await Promise.all(
        target.identities.map(async (identity): Promise<IdentityRoles> => {
          const found = await facts.identity(identity.clientId);
          const assignments = found.kind === "managed-identity" || found.kind === "app-registration" ? await facts.roleAssignments(found.principalId).catch(unreadable) : [];
          return { identity, facts: found, assignments };
        }),
      );
      return checkRoles(target, await facts.stack(), identities);
    },
  },
  {
    name: "resource-providers",
    label: "resource providers",
    run: async (target, facts) => checkResourceProviders(target, await facts.stack(), await facts.providers()),
  },
];
