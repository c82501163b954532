/** The job environment of the workflow's `plan` job (workflows-templates/envbranch.yml). */
export const PLAN_ENVIRONMENT = "envbranch-plan";

/** GitHub's OIDC issuer, and the audience azure/login and Terraform ask for. */
export const GITHUB_ISSUER = "https://token.actions.githubusercontent.com";
export const ENTRA_AUDIENCE = "api://AzureADTokenExchange";

/** A subject an identity must trust, and the name to give its federated credential, as the README names them. */
export interface TrustedSubject {
  subject: string;
  credentialName: string;
}

/** The subject of a job without an environment, run on `branch`. */
export function branchSubject(repository: string, branch: string, credentialName = nameOf(branch)): TrustedSubject {
  return { subject: `repo:${repository}:ref:refs/heads/${branch}`, credentialName };
}

/** The subject of a job in the job environment `name`. */
export function environmentSubject(repository: string, name: string): TrustedSubject {
  return { subject: `repo:${repository}:environment:${name}`, credentialName: nameOf(name) };
}

/**
 * Whether a credential's subject is the one GitHub sends for `wanted`. GitHub spells the owner and
 * repository as the repository does, which a local checkout's remote may not; and repositories made
 * after July 2026 send `OWNER@<id>/REPO@<id>`, so ids after either name are accepted too.
 */
export function subjectMatches(credentialSubject: string, wanted: string): boolean {
  const split = (subject: string) => /^repo:([^/:@]+)(?:@\d+)?\/([^/:@]+)(?:@\d+)?(:.+)$/.exec(subject);
  const have = split(credentialSubject);
  const want = split(wanted);
  if (!have || !want) return credentialSubject === wanted;
  return have[1]!.toLowerCase() === want[1]!.toLowerCase() && have[2]!.toLowerCase() === want[2]!.toLowerCase() && have[3] === want[3];
}

/** A federated credential name (3-120 of letters, digits, `-` and `_`, a letter or digit first) for a branch or environment. */
function nameOf(tail: string): string {
  const name = tail.replace(/[^A-Za-z0-9_-]/g, "-").replace(/^[-_]+/, "").slice(0, 120);
  return name.length >= 3 ? name : `envbranch-${name}`;
}
