import type { FederatedCredential, IdentityFacts } from "../doctor-facts.js";
import type { DoctorIdentity, DoctorTarget } from "../doctor-target.js";
import { failed, passed, undecided, type Finding } from "../finding.js";
import { createCredential, createIdentity, repairCredential } from "../fix-commands.js";
import { ENTRA_AUDIENCE, GITHUB_ISSUER, subjectMatches } from "../github-subjects.js";
import { identityLabel } from "../identity-label.js";

/**
 * Each identity trusts exactly the subjects its jobs present: a credential of that subject, issued by
 * GitHub, for Entra ID's token exchange audience. Without it azure/login fails with AADSTS700213.
 */
export function checkFederatedCredentials(target: DoctorTarget, identities: readonly IdentityCredentials[]): Finding[] {
  return identities.flatMap((one) => credentialFindings(target, one));
}

/** One identity's facts for this check: the identity, and its credentials or why they could not be listed. */
export interface IdentityCredentials {
  identity: DoctorIdentity;
  facts: IdentityFacts;
  credentials: FederatedCredential[] | { unreadable: string };
}

function credentialFindings(target: DoctorTarget, { identity, facts, credentials }: IdentityCredentials): Finding[] {
  const label = identityLabel(identity);
  if (facts.kind === "unreadable") return [undecided("federated-credentials", label, `could not look the identity up: ${facts.reason}.`)];
  if (facts.kind === "not-found") {
    const config = identity.uses.includes("apply") ? "azure.clientId" : "azure.planClientId";
    return [failed("federated-credentials", label, `no managed identity in subscription ${target.subscriptionId} and no app registration has client id ${facts.clientId}; create one and put its clientId in ${config}.`, createIdentity(target, !identity.uses.includes("apply")))];
  }
  if (!Array.isArray(credentials)) return [undecided("federated-credentials", label, `could not list its federated credentials: ${credentials.unreadable}.`)];
  const findings: Finding[] = [];
  for (const trusted of identity.subjects) {
    const what = `${label} trusts ${trusted.subject}`;
    const same = credentials.filter((c) => c.subject !== null && subjectMatches(c.subject, trusted.subject));
    if (same.some(valid)) {
      findings.push(passed("federated-credentials", what));
      continue;
    }
    const wrong = same[0];
    if (wrong) {
      findings.push(failed("federated-credentials", what, `credential ${wrong.name} has this subject but issuer ${wrong.issuer} and audiences ${wrong.audiences.join(", ") || "(none)"}; GitHub's tokens need issuer ${GITHUB_ISSUER} and audience ${ENTRA_AUDIENCE}.`, repairCredential(facts, wrong.name, wrong.subject!)));
      continue;
    }
    const flexible = credentials.filter((c) => c.subject === null).map((c) => c.name);
    if (flexible.length > 0) {
      findings.push(undecided("federated-credentials", what, `no credential has this subject; flexible credentials (${flexible.join(", ")}) may match it, but the API does not show their expressions. If none does:`, createCredential(facts, trusted)));
      continue;
    }
    findings.push(failed("federated-credentials", what, "no federated credential has this subject, so the job cannot log in (AADSTS700213).", createCredential(facts, trusted)));
  }
  return findings;
}

function valid(credential: FederatedCredential): boolean {
  return credential.issuer.replace(/\/+$/, "") === GITHUB_ISSUER && credential.audiences.includes(ENTRA_AUDIENCE);
}
