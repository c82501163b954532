/**
 * Resource Manager's API version for `Microsoft.Storage/storageAccounts/blobServices`; every field
 * read here exists since 2019-06-01. The blob data plane (Get Blob Service Properties,
 * `BlobServiceClient.getProperties`) reports only `deleteRetentionPolicy`: container soft delete and
 * versioning are management-plane settings, so the whole check reads Resource Manager.
 */
export const BLOB_SERVICES_API_VERSION = "2023-05-01";

/** Days of soft delete the README's setup turns on and the fix commands use. */
export const RETENTION_DAYS = 30;

/** The state account's protection against a lost state: what its blob service reports. */
export interface StateAccountProtection {
  blobSoftDelete: { enabled: boolean; days: number | null };
  containerSoftDelete: { enabled: boolean; days: number | null };
  versioning: boolean;
}

/** Where the state account is. */
export interface StateAccountRef {
  subscriptionId: string;
  resourceGroup: string;
  storageAccount: string;
}

/** One check of the state account: whether it passes, a sentence, and the command that fixes it. */
export interface ProtectionFinding {
  check: "blob-soft-delete" | "container-soft-delete" | "versioning";
  ok: boolean;
  message: string;
  /** The Azure CLI command that turns the protection on; null when it is on. */
  fix: string | null;
}

/** Resource Manager's Get Resource by id, as `ResourceManagementClient.resources.getById` or doctor's REST client give it. */
export type GetResourceById = (resourceId: string, apiVersion: string) => Promise<{ properties?: unknown }>;

/**
 * Reads the state account's blob service properties from Resource Manager (needs `Reader` on the
 * account). Throws with the cause when it cannot; `envbranch doctor` reports that as its own finding.
 */
export async function readStateAccountProtection(getById: GetResourceById, account: StateAccountRef): Promise<StateAccountProtection> {
  // Without its leading slash: the SDK's URL template already has one before `{resourceId}`, and a double slash would read as a host.
  const id = `subscriptions/${account.subscriptionId}/resourceGroups/${account.resourceGroup}/providers/Microsoft.Storage/storageAccounts/${account.storageAccount}/blobServices/default`;
  let properties: Record<string, unknown>;
  try {
    properties = ((await getById(id, BLOB_SERVICES_API_VERSION)).properties ?? {}) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`could not read the blob service properties of storage account ${account.storageAccount}`, { cause: error });
  }
  return {
    blobSoftDelete: retentionOf(properties.deleteRetentionPolicy),
    containerSoftDelete: retentionOf(properties.containerDeleteRetentionPolicy),
    versioning: properties.isVersioningEnabled === true,
  };
}

/**
 * The findings of a state account's protection: blob soft delete (a deleted or overwritten state
 * blob and its snapshots come back), container soft delete (the whole container comes back) and
 * versioning (every overwrite of the state keeps the version before). Each finding that fails says
 * the one command that fixes it.
 */
export function stateAccountProtectionFindings(protection: StateAccountProtection, account: Pick<StateAccountRef, "resourceGroup" | "storageAccount">): ProtectionFinding[] {
  const update = `az storage account blob-service-properties update --account-name ${account.storageAccount} --resource-group ${account.resourceGroup}`;
  const days = (policy: { days: number | null }) => (policy.days === null ? "" : ` for ${policy.days} days`);
  const { blobSoftDelete: blobs, containerSoftDelete: containers, versioning } = protection;
  return [
    {
      check: "blob-soft-delete",
      ok: blobs.enabled,
      message: blobs.enabled
        ? `Blob soft delete is on${days(blobs)}: a deleted state blob, or one of its snapshots, can be undeleted.`
        : `Blob soft delete is off on storage account ${account.storageAccount}: a state blob deleted by mistake is gone for good.`,
      fix: blobs.enabled ? null : `${update} --enable-delete-retention true --delete-retention-days ${RETENTION_DAYS}`,
    },
    {
      check: "container-soft-delete",
      ok: containers.enabled,
      message: containers.enabled
        ? `Container soft delete is on${days(containers)}: a deleted state container can be restored.`
        : `Container soft delete is off on storage account ${account.storageAccount}: deleting the state container deletes every environment's state for good.`,
      fix: containers.enabled ? null : `${update} --enable-container-delete-retention true --container-delete-retention-days ${RETENTION_DAYS}`,
    },
    {
      check: "versioning",
      ok: versioning,
      message: versioning
        ? "Blob versioning is on: every overwrite of a state blob keeps the version before it."
        : `Blob versioning is off on storage account ${account.storageAccount}: a state overwritten outside envbranch (which snapshots before its own changes) leaves no earlier version.`,
      fix: versioning ? null : `${update} --enable-versioning true`,
    },
  ];
}

function retentionOf(value: unknown): { enabled: boolean; days: number | null } {
  const policy = (value ?? {}) as { enabled?: unknown; days?: unknown };
  return { enabled: policy.enabled === true, days: typeof policy.days === "number" ? policy.days : null };
}
