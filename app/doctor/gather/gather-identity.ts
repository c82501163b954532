import type { FederatedCredential, FoundIdentity, IdentityFacts } from "../doctor-facts.js";
import { AzureRestError, type RestClient } from "./azure-rest.js";
import { ARM_CALLS, armUrl, fillPath, GRAPH_CALLS } from "./doctor-endpoints.js";

/** A user-assigned identity as Resource Manager lists it. */
export interface ArmIdentity {
  id?: string;
  name?: string;
  properties?: { clientId?: string; principalId?: string };
}
interface ArmCredential {
  name?: string;
  properties?: { issuer?: string; subject?: string | null; audiences?: string[] };
}
interface GraphCredential {
  name?: string;
  issuer?: string;
  subject?: string | null;
  audiences?: string[];
}

/**
 * The identity with `clientId`: a user-assigned managed identity of the subscription (the README's
 * way), found by Resource Manager, whose Reader role suffices; otherwise an app registration's
 * service principal, found by Microsoft Graph, which needs a directory read permission a run's
 * identity seldom has.
 */
export async function gatherIdentity(clientId: string, subscriptionId: string, clients: { graph: RestClient; managedIdentities: () => Promise<ArmIdentity[]> }, signal: AbortSignal): Promise<IdentityFacts> {
  let armProblem: string | null = null;
  try {
    const found = (await clients.managedIdentities()).find((i) => i.properties?.clientId?.toLowerCase() === clientId.toLowerCase());
    if (found) return managedIdentity(found, clientId);
  } catch (error) {
    if (!(error instanceof AzureRestError)) throw error;
    armProblem = error.message;
  }
  try {
    const principal = (await clients.graph.get(`${fillPath(GRAPH_CALLS.servicePrincipal.path, { appId: clientId })}?$select=id`, signal)) as { id?: unknown } | null;
    if (typeof principal?.id !== "string") throw new Error(`Microsoft Graph answered the service principal of ${clientId} without its id`);
    return { kind: "app-registration", clientId, principalId: principal.id };
  } catch (error) {
    if (!(error instanceof AzureRestError)) throw error;
    if (error.status === 404 && armProblem === null) return { kind: "not-found", clientId };
    const first = armProblem ?? `no managed identity in subscription ${subscriptionId} has this client id, and looking for an app registration failed`;
    return { kind: "unreadable", clientId, reason: `${first}; ${error.message}` };
  }
}

/** The federated credentials of a found identity: Resource Manager's for a managed identity, Graph's for an app registration. */
export async function gatherCredentials(identity: FoundIdentity, clients: { arm: RestClient; graph: RestClient }, signal: AbortSignal): Promise<FederatedCredential[]> {
  if (identity.kind === "app-registration") {
    const listed = (await clients.graph.list(fillPath(GRAPH_CALLS.applicationFederatedIdentityCredentials.path, { appId: identity.clientId }), signal)) as GraphCredential[];
    return listed.map((c) => ({ name: c.name ?? "", issuer: c.issuer ?? "", subject: c.subject ?? null, audiences: c.audiences ?? [] }));
  }
  const url = armUrl(ARM_CALLS.federatedIdentityCredentials, { subscriptionId: identity.subscriptionId, resourceGroupName: identity.resourceGroup, resourceName: identity.name });
  return ((await clients.arm.list(url, signal)) as ArmCredential[]).map((c) => ({
    name: c.name ?? "",
    issuer: c.properties?.issuer ?? "",
    subject: c.properties?.subject ?? null,
    audiences: c.properties?.audiences ?? [],
  }));
}

function managedIdentity(found: ArmIdentity, clientId: string): IdentityFacts {
  const parts = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/([^/]+)$/i.exec(found.id ?? "");
  if (!parts || !found.properties?.principalId) throw new Error(`Resource Manager listed identity ${found.id ?? "(no id)"} without its resource id or principal id`);
  const [, subscriptionId, resourceGroup, name] = parts as unknown as [string, string, string, string];
  return { kind: "managed-identity", clientId, principalId: found.properties.principalId, name, resourceGroup, subscriptionId };
}

/** The subscription's user-assigned identities. */
export async function listManagedIdentities(subscriptionId: string, arm: RestClient, signal: AbortSignal): Promise<ArmIdentity[]> {
  return (await arm.list(armUrl(ARM_CALLS.userAssignedIdentities, { subscriptionId }), signal)) as ArmIdentity[];
}
