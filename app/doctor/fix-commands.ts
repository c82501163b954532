import type { DoctorTarget } from "./doctor-target.js";
import type { FoundIdentity } from "./doctor-facts.js";
import { ENTRA_AUDIENCE, GITHUB_ISSUER, type TrustedSubject } from "./github-subjects.js";
import type { RoleName } from "./azure-roles.js";

/** A word for a POSIX shell: as it is when it is plain, otherwise in single quotes. */
export function shellWord(value: string): string {
  return /^[A-Za-z0-9_./:@=+-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

function az(...words: string[]): string {
  return ["az", ...words].join(" ");
}

/** Who `az role assignment create` grants to: an identity by its client id, or the signed-in user. */
export type Assignee = { clientId: string } | "signed-in-user";

/** Grants `role` at `scope`, with an ABAC condition when given. */
export function grantRole(assignee: Assignee, role: RoleName, scope: string, condition: string | null): string {
  const who = assignee === "signed-in-user" ? `--assignee "$(az ad signed-in-user show --query id -o tsv)"` : `--assignee ${shellWord(assignee.clientId)}`;
  const conditioned = condition ? ` --condition ${shellWord(condition)} --condition-version 2.0` : "";
  return `${az("role", "assignment", "create", who, "--role", shellWord(role), "--scope", shellWord(scope))}${conditioned}`;
}

/** Creates the federated credential for `trusted`, on a managed identity or an app registration. */
export function createCredential(identity: FoundIdentity, trusted: TrustedSubject): string {
  if (identity.kind === "managed-identity") {
    return az(
      "identity", "federated-credential", "create",
      "-n", shellWord(trusted.credentialName),
      "-g", shellWord(identity.resourceGroup),
      "--identity-name", shellWord(identity.name),
      "--subscription", shellWord(identity.subscriptionId),
      "--issuer", GITHUB_ISSUER,
      "--audiences", ENTRA_AUDIENCE,
      "--subject", shellWord(trusted.subject),
    );
  }
  const parameters = JSON.stringify({ name: trusted.credentialName, issuer: GITHUB_ISSUER, subject: trusted.subject, audiences: [ENTRA_AUDIENCE] });
  return az("ad", "app", "federated-credential", "create", "--id", shellWord(identity.clientId), "--parameters", shellWord(parameters));
}

/** Sets a credential's issuer and audience to GitHub's and Entra ID's, keeping its name and subject. */
export function repairCredential(identity: FoundIdentity, name: string, subject: string): string {
  if (identity.kind === "managed-identity") {
    return az(
      "identity", "federated-credential", "update",
      "-n", shellWord(name),
      "-g", shellWord(identity.resourceGroup),
      "--identity-name", shellWord(identity.name),
      "--subscription", shellWord(identity.subscriptionId),
      "--issuer", GITHUB_ISSUER,
      "--audiences", ENTRA_AUDIENCE,
      "--subject", shellWord(subject),
    );
  }
  const parameters = JSON.stringify({ name, issuer: GITHUB_ISSUER, subject, audiences: [ENTRA_AUDIENCE] });
  return az("ad", "app", "federated-credential", "update", "--id", shellWord(identity.clientId), "--federated-credential-id", shellWord(name), "--parameters", shellWord(parameters));
}

/** Creates a user-assigned identity in the state's resource group, as the README's step 2 does. */
export function createIdentity(target: DoctorTarget, plan: boolean): string {
  const project = typeof target.variables.project === "string" ? target.variables.project : "app";
  const name = `id-envbranch-${project}${plan ? "-plan" : ""}`;
  return az("identity", "create", "-n", shellWord(name), "-g", shellWord(target.state.resourceGroup), "--subscription", shellWord(target.subscriptionId));
}

/** Registers a resource provider in the subscription. */
export function registerProvider(target: DoctorTarget, namespace: string): string {
  return az("provider", "register", "--namespace", shellWord(namespace), "--subscription", shellWord(target.subscriptionId));
}

/** Creates the state storage account as the README's step 1 does. */
export function createStateAccount(target: DoctorTarget): string {
  const { storageAccount, resourceGroup } = target.state;
  return az("storage", "account", "create", "-n", shellWord(storageAccount), "-g", shellWord(resourceGroup), "--subscription", shellWord(target.subscriptionId), "--sku", "Standard_ZRS", "--min-tls-version", "TLS1_2", "--allow-blob-public-access", "false");
}

/** Creates the state container (Terraform does not). */
export function createStateContainer(target: DoctorTarget): string {
  const { storageAccount, resourceGroup, container } = target.state;
  return az("storage", "container-rm", "create", "--storage-account", shellWord(storageAccount), "-g", shellWord(resourceGroup), "--subscription", shellWord(target.subscriptionId), "-n", shellWord(container));
}

/** Frees a state lock left behind, through the runner. */
export function unlockCommand(target: DoctorTarget): string {
  return `envbranch run unlock --branch ${shellWord(target.branch)}`;
}
