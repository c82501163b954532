import { ResourceManagementClient } from "@azure/arm-resources";
import type { TokenCredential } from "@azure/core-auth";
import { CLOUD_ENDPOINTS, type AzureCloud } from "./azure-clouds.js";

/** A Resource Manager client for one subscription in one cloud. */
export function resourceManager(credential: TokenCredential, subscriptionId: string, cloud: AzureCloud, endpointOverride?: string): ResourceManagementClient {
  const endpoint = endpointOverride ?? CLOUD_ENDPOINTS[cloud].resourceManager;
  return new ResourceManagementClient(credential, subscriptionId, { endpoint, credentialScopes: [`${CLOUD_ENDPOINTS[cloud].resourceManager}/.default`] });
}

/**
 * The resource groups that carry every one of `tags`. Resource Manager filters on one tag; the
 * others are checked here, so a group of another repository with the same environment name is spared.
 */
export async function findTaggedGroups(client: ResourceManagementClient, tags: Record<string, string>): Promise<string[]> {
  const [first, ...rest] = Object.entries(tags);
  if (!first) throw new Error("refusing to look for resource groups without any tag to match");
  const names: string[] = [];
  for await (const group of client.resourceGroups.list({ filter: `tagName eq '${odata(first[0])}' and tagValue eq '${odata(first[1])}'` })) {
    if (group.name && rest.every(([k, v]) => group.tags?.[k] === v)) names.push(group.name);
  }
  return names.sort();
}

/** Deletes a resource group and waits for Azure to finish; a group already gone counts as deleted. */
export async function deleteGroup(client: ResourceManagementClient, name: string, pollIntervalMs: number): Promise<void> {
  try {
    const poller = await client.resourceGroups.beginDelete(name, { updateIntervalInMs: pollIntervalMs });
    await poller.pollUntilDone();
  } catch (error) {
    if (typeof error === "object" && error !== null && "statusCode" in error && (error as { statusCode: unknown }).statusCode === 404) return;
    throw new Error(`could not delete resource group ${name}`, { cause: error });
  }
}

function odata(value: string): string {
  return value.replace(/'/g, "''");
}
