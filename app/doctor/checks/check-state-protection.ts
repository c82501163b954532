import { stateAccountProtectionFindings, type StateAccountProtection } from "../../adapters/azure/state-account-protection.js";
import type { DoctorTarget } from "../doctor-target.js";
import { failed, passed, undecided, type Finding } from "../finding.js";

/**
 * The state account can give a lost state back: blob and container soft delete and versioning on,
 * as the README's setup turns them on. Unreadable (no `Reader` on the account) is undecided, not failed.
 */
export function checkStateProtection(target: DoctorTarget, protection: StateAccountProtection | { unreadable: string }): Finding[] {
  const where = `state account ${target.state.storageAccount}`;
  if ("unreadable" in protection) return [undecided("state-protection", where, `could not read its blob service properties: ${protection.unreadable}`)];
  return stateAccountProtectionFindings(protection, target.state).map((finding) =>
    finding.ok ? passed("state-protection", `${where}: ${finding.message}`) : failed("state-protection", `${where}: ${finding.check}`, finding.message, finding.fix),
  );
}
