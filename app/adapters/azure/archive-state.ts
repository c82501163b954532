import type { ContainerClient } from "@azure/storage-blob";
import { copyStateVersions, deleteWithSnapshots } from "./state-snapshots.js";
import { storageStatusOf } from "./storage-status.js";

/** Where the archived copy of a destroyed environment's state goes: beside nothing live, timestamped. */
export function archiveKeyFor(stateKey: string, at: Date): string {
  const stamp = at.toISOString().replace(/[:.]/g, "-");
  return `archive/${stateKey.replace(/\.tfstate$/, "")}/${stamp}.tfstate`;
}

/** The newest archived copy of a state, or null when it was never archived. */
export async function newestArchive(container: ContainerClient, stateKey: string): Promise<string | null> {
  const prefix = `archive/${stateKey.replace(/\.tfstate$/, "")}/`;
  let newest: string | null = null;
  // Archive names are ISO timestamps, so the largest name is the newest copy.
  for await (const blob of container.listBlobsFlat({ prefix })) if (newest === null || blob.name > newest) newest = blob.name;
  return newest;
}

export type ArchiveOutcome =
  | { status: "archived"; archiveKey: string; bytes: number }
  | { status: "no-state" };

/**
 * Copies the state blob to `archiveKey`, its snapshots first (as snapshots of the archive, so the
 * history of a destroyed environment is kept), reads the copy back and compares it byte for byte,
 * and only then deletes the original with its snapshots. Any failure before the comparison leaves
 * the original untouched; a state held under a lease (a run in progress) is not deleted either,
 * because the delete fails.
 */
export async function archiveState(container: ContainerClient, stateKey: string, archiveKey: string): Promise<ArchiveOutcome> {
  const source = container.getBlockBlobClient(stateKey);
  let original: Buffer;
  try {
    original = await source.downloadToBuffer();
  } catch (error) {
    if (storageStatusOf(error) === 404) return { status: "no-state" };
    throw new Error(`could not read the state blob ${stateKey}`, { cause: error });
  }
  const target = container.getBlockBlobClient(archiveKey);
  await copyStateVersions(container, stateKey, archiveKey);
  try {
    await target.uploadData(original, { metadata: { archivedfrom: stateKey.replace(/[^A-Za-z0-9._/-]/g, "_") } });
  } catch (error) {
    throw new Error(`could not write the archived state ${archiveKey}`, { cause: error });
  }
  let copy: Buffer;
  try {
    copy = await target.downloadToBuffer();
  } catch (error) {
    throw new Error(`could not read back the archived state ${archiveKey}`, { cause: error });
  }
  if (!copy.equals(original)) {
    throw new Error(`the archived state ${archiveKey} differs from ${stateKey}; the original was kept`);
  }
  try {
    await deleteWithSnapshots(source);
  } catch (error) {
    throw new Error(`archived ${stateKey} to ${archiveKey} but could not delete the original`, { cause: error });
  }
  return { status: "archived", archiveKey, bytes: original.length };
}
