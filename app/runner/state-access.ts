import type { TokenCredential } from "@azure/core-auth";
import type { ContainerClient } from "@azure/storage-blob";
import { CLOUD_ENDPOINTS } from "../adapters/azure/azure-clouds.js";
import { stateContainer } from "../adapters/azure/state-container.js";
import type { BackendSettings } from "../spec/spec-schema.js";

/**
 * A client for the container holding the environment's state, reached the way Terraform reaches it:
 * with `ARM_ACCESS_KEY` set, by shared key (the same variable the azurerm backend reads); otherwise
 * by Entra ID through DefaultAzureCredential (in the workflow, the `azure/login` OIDC session).
 * `ENVBRANCH_BLOB_ENDPOINT` overrides the blob endpoint, for Azurite and other emulators.
 */
export async function stateContainerFromEnv(backend: BackendSettings, env: Record<string, string | undefined>): Promise<ContainerClient> {
  const location = { storageAccount: backend.storage_account_name, container: backend.container_name, cloud: backend.environment };
  const blobEndpoint = env.ENVBRANCH_BLOB_ENDPOINT || undefined;
  const accountKey = env.ARM_ACCESS_KEY || undefined;
  if (accountKey) return stateContainer(location, { accountKey, ...(blobEndpoint ? { blobEndpoint } : {}) });
  return stateContainer(location, { credential: await backendCredential(backend), ...(blobEndpoint ? { blobEndpoint } : {}) });
}

/** The run's Entra ID login for the backend's tenant and cloud: in the workflow, azure/login's session; on a laptop, the Azure CLI's. */
export async function backendCredential(backend: BackendSettings): Promise<TokenCredential> {
  // Loaded only here: @azure/identity is the slowest import of the runner, and plan never needs it.
  const { DefaultAzureCredential } = await import("@azure/identity");
  return new DefaultAzureCredential({ tenantId: backend.tenant_id, authorityHost: CLOUD_ENDPOINTS[backend.environment].authorityHost });
}
