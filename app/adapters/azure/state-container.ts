import type { TokenCredential } from "@azure/core-auth";
import { BlobServiceClient, StorageSharedKeyCredential, type ContainerClient } from "@azure/storage-blob";
import { CLOUD_ENDPOINTS, type AzureCloud } from "./azure-clouds.js";

export interface StateLocation {
  storageAccount: string;
  container: string;
  cloud: AzureCloud;
}

/**
 * How to reach state storage. `blobEndpoint` and `accountKey` exist for Azurite and
 * storage emulators; in Azure the endpoint follows from the cloud and access is by Entra ID.
 */
export interface StateAccess {
  credential?: TokenCredential;
  blobEndpoint?: string;
  accountKey?: string;
}

/** A client for the blob container that holds an environment's Terraform state. */
export function stateContainer(location: StateLocation, access: StateAccess): ContainerClient {
  const endpoint = access.blobEndpoint ?? `https://${location.storageAccount}.blob.${CLOUD_ENDPOINTS[location.cloud].storageSuffix}`;
  const credential = access.accountKey
    ? new StorageSharedKeyCredential(location.storageAccount, access.accountKey)
    : access.credential;
  if (!credential) throw new Error("no credential for the state storage account: set an account key or an Azure credential");
  return new BlobServiceClient(endpoint, credential).getContainerClient(location.container);
}
