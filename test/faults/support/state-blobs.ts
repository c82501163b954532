import type { BlobServiceClient } from "@azure/storage-blob";

/** The state blob of env-alice in Hello-World, where the rendered backend puts it. */
export const STATE_KEY = "envbranch/codertocat/hello-world/alice.tfstate";
export const ARCHIVE_PREFIX = "archive/envbranch/codertocat/hello-world/alice/";
export const STATE = JSON.stringify({ version: 4, serial: 7, lineage: "5e1f0c2a", resources: [{ type: "terraform_data", name: "app" }] });

/** Puts env-alice's state in place and removes earlier archives, so each test starts from a live environment. */
export async function seedState(service: BlobServiceClient, container = "tfstate"): Promise<void> {
  const client = service.getContainerClient(container);
  await client.createIfNotExists();
  for await (const blob of client.listBlobsFlat({ prefix: ARCHIVE_PREFIX })) await client.deleteBlob(blob.name);
  await client.getBlockBlobClient(STATE_KEY).upload(STATE, STATE.length);
}

/** The contents of every archived copy of env-alice's state. */
export async function archivedBlobs(service: BlobServiceClient, container = "tfstate"): Promise<string[]> {
  const client = service.getContainerClient(container);
  const contents: string[] = [];
  for await (const blob of client.listBlobsFlat({ prefix: ARCHIVE_PREFIX })) contents.push((await client.getBlockBlobClient(blob.name).downloadToBuffer()).toString());
  return contents;
}

/** The live state blob's content, or null when there is none. */
export async function liveState(service: BlobServiceClient, container = "tfstate"): Promise<string | null> {
  const blob = service.getContainerClient(container).getBlockBlobClient(STATE_KEY);
  return (await blob.exists()) ? (await blob.downloadToBuffer()).toString() : null;
}
