import { scopesOf } from "../azure-roles.js";
import type { StateFacts } from "../doctor-facts.js";
import type { DoctorTarget } from "../doctor-target.js";
import { failed, passed, undecided, type Finding } from "../finding.js";
import { createStateAccount, createStateContainer, grantRole, unlockCommand, type Assignee } from "../fix-commands.js";

/**
 * The state account and container exist and whoever runs this may use them: read the container
 * and, for runs that apply, take the state's lease (a probe blob's, released at once). A lease
 * held on the state blob itself is a lock another run holds, or a dead one left behind.
 */
export function checkStateStorage(target: DoctorTarget, facts: StateFacts): Finding[] {
  const { storageAccount, container, key } = target.state;
  const where = `state container ${storageAccount}/${container}`;
  const caller: Assignee = target.stateCaller.kind === "identity" ? { clientId: target.stateCaller.clientId } : "signed-in-user";
  const callerName = target.stateCaller.kind === "identity" ? `identity ${target.stateCaller.clientId}` : "signed-in user";
  const grant = grantRole(caller, "Storage Blob Data Contributor", scopesOf(target).account, null);
  const detail = facts.containerDetail ? ` (${facts.containerDetail})` : "";
  switch (facts.container) {
    case "no-account":
      return [failed("state-storage", where, `storage account ${storageAccount} does not exist: its blob endpoint does not resolve${detail}.`, createStateAccount(target))];
    case "missing":
      return [failed("state-storage", where, `container ${container} does not exist in storage account ${storageAccount}; Terraform does not create it.`, createStateContainer(target))];
    case "denied":
      return [failed("state-storage", where, `the ${callerName} may not read the container${detail}.`, target.state.useAzureAdAuth ? grant : null)];
    case "unreachable":
      return [undecided("state-storage", where, `could not reach the storage account${detail}.`)];
    case "exists":
      break;
  }
  const findings = [passed("state-storage", `${where} exists and the ${callerName} can read it`)];
  if (facts.lease === "taken") findings.push(passed("state-storage", `the ${callerName} can take and release a lease in ${where}`));
  if (facts.lease === "denied") findings.push(failed("state-storage", `lease in ${where}`, `the ${callerName} may not write or lease blobs there${facts.leaseDetail ? ` (${facts.leaseDetail})` : ""}, so Terraform cannot lock the state.`, grant));
  if (facts.lease === "failed") findings.push(undecided("state-storage", `lease in ${where}`, `could not take a lease${facts.leaseDetail ? `: ${facts.leaseDetail}` : ""}.`));
  if (facts.lock === "held") {
    findings.push(failed("state-storage", `state lock of ${key}`, `the state blob is leased now: a run of ${target.branch} holds the lock, or one that died left it; once none is in progress, free it.`, unlockCommand(target)));
  }
  return findings;
}
