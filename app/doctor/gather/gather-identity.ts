import type { FederatedCredential, IdentityFacts } from "../doctor-facts.js";
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
 * way), found by Resource Manager, whose Reader role suffices; otherwise an app registration, found
 * by Microsoft Graph, which needs a directory read permission a run's identity seldom has.
 */
export async function gatherIdentity(
  clientId: string,
  subscriptionId: string,
  clients: { arm: RestClient; graph: RestClient; managedIdentities: () => Promise<ArmIdentity[]> },
  signal: AbortSignal,
): Promise<IdentityFacts> {
  const { arm, graph } = clients;
  let armProblem: string | null = null;
  try {
    const identities = await clients.managedIdentities();
    const found = identities.find((i) => i.properties?.clientId?.toLowerCase() === clientId.toLowerCase());
    if (found) return await managedIdentity(found, clientId, arm, signal);
  } catch (error) {
    if (!(error instanceof AzureRestError)) throw error;
    armProblem = error.message;
  }
  try {
    const appId = { appId: clientId };
    const credentials = (await graph.list(fillPath(GRAPH_CALLS.applicationFederatedIdentityCredentials.path, appId), signal)) as GraphCredential[];
    const principal = await graph.get(`${fillPath(GRAPH_CALLS.servicePrincipal.path, appId)}?$select=id`, signal).catch((error: unknown) => {
      if (error instanceof AzureRestError && error.status === 404) return null;
      throw error;
    });
    const principalId = (principal as { id?: unknown } | null)?.id;
    return { kind: "app-registration", clientId, principalId: typeof principalId === "string" ? principalId : null, credentials: credentials.map(fromGraph) };
  } catch (error) {
    if (!(error instanceof AzureRestError)) throw error;
    if (error.status === 404 && armProblem === null) return { kind: "not-found", clientId };
    const first = armProblem ?? `no managed identity in subscription ${subscriptionId} has this client id, and looking for an app registration failed`;
    return { kind: "unreadable", clientId, reason: `${first}; ${error.message}` };
  }
}

async function managedIdentity(found: ArmIdentity, clientId: string, arm: RestClient, signal: AbortSignal): Promise<IdentityFacts> {
  const parts = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/([^/]+)$/i.exec(found.id ?? "");
  if (!parts || !found.properties?.principalId) throw new Error(`Resource Manager listed identity ${found.id ?? "(no id)"} without its resource id or principal id`);
  const [, subscriptionId, resourceGroup, name] = parts as unknown as [string, string, string, string];
  const url = armUrl(ARM_CALLS.federatedIdentityCredentials, { subscriptionId, resourceGroupName: resourceGroup, resourceName: name });
  const credentials = ((await arm.list(url, signal)) as ArmCredential[]).map((c) => ({
    name: c.name ?? "",
    issuer: c.properties?.issuer ?? "",
    subject: c.properties?.subject ?? null,
    audiences: c.properties?.audiences ?? [],
  }));
  return { kind: "managed-identity", clientId, principalId: found.properties.principalId, name, resourceGroup, subscriptionId, credentials };
}

/** The subscription's user-assigned identities. */
export async function listManagedIdentities(subscriptionId: string, arm: RestClient, signal: AbortSignal): Promise<ArmIdentity[]> {
  return (await arm.list(armUrl(ARM_CALLS.userAssignedIdentities, { subscriptionId }), signal)) as ArmIdentity[];
}

function fromGraph(c: GraphCredential): FederatedCredential {
  return { name: c.name ?? "", issuer: c.issuer ?? "", subject: c.subject ?? null, audiences: c.audiences ?? [] };
}
