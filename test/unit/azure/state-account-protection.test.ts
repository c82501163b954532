import { ClientSecretCredential } from "@azure/identity";
import nock from "nock";
import { afterEach, describe, expect, it } from "vitest";
import { resourceManager } from "../../../app/adapters/azure/resource-groups.js";
import {
  BLOB_SERVICES_API_VERSION,
  readStateAccountProtection,
  stateAccountProtectionFindings,
  type StateAccountProtection,
} from "../../../app/adapters/azure/state-account-protection.js";

const TENANT = "00000000-0000-0000-0000-000000000002";
const SUBSCRIPTION = "00000000-0000-0000-0000-000000000001";
const ACCOUNT = { subscriptionId: SUBSCRIPTION, resourceGroup: "rg-tfstate", storageAccount: "sttfstate" };
const BLOB_SERVICE = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-tfstate/providers/Microsoft.Storage/storageAccounts/sttfstate/blobServices/default`;

afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

/** Entra ID and Resource Manager at the HTTP edge; the body is shaped like Get Blob Service Properties' answer. */
function mockBlobService(properties: Record<string, unknown>, status = 200) {
  nock.disableNetConnect();
  const login = nock("https://login.microsoftonline.com")
    .post(`/${TENANT}/oauth2/v2.0/token`)
    .query(true)
    .reply(200, { token_type: "Bearer", expires_in: 3600, ext_expires_in: 3600, access_token: "arm-token" });
  const body =
    status === 200
      ? { id: BLOB_SERVICE, name: "default", type: "Microsoft.Storage/storageAccounts/blobServices", sku: { name: "Standard_ZRS", tier: "Standard" }, properties }
      : { error: { code: "AuthorizationFailed", message: "The client does not have authorization to perform action 'Microsoft.Storage/storageAccounts/blobServices/read'." } };
  const arm = nock("https://management.azure.com").get(BLOB_SERVICE).query({ "api-version": BLOB_SERVICES_API_VERSION }).matchHeader("authorization", "Bearer arm-token").reply(status, body);
  return { login, arm };
}

function client() {
  const credential = new ClientSecretCredential(TENANT, "22222222-2222-2222-2222-222222222222", "test-secret", { disableInstanceDiscovery: true });
  return resourceManager(credential, SUBSCRIPTION, "public");
}

describe("readStateAccountProtection", () => {
  it("reads soft delete of blobs and containers and versioning from the account's blob service", async () => {
    const mocks = mockBlobService({
      cors: { corsRules: [] },
      deleteRetentionPolicy: { allowPermanentDelete: false, enabled: true, days: 30 },
      containerDeleteRetentionPolicy: { enabled: true, days: 7 },
      isVersioningEnabled: true,
      changeFeed: { enabled: false },
    });
    expect(await readStateAccountProtection((id, apiVersion) => client().resources.getById(id, apiVersion), ACCOUNT)).toEqual({
      blobSoftDelete: { enabled: true, days: 30 },
      containerSoftDelete: { enabled: true, days: 7 },
      versioning: true,
    });
    expect(mocks.login.isDone() && mocks.arm.isDone()).toBe(true);
  });

  it("reads an account that never set them (the properties absent) as unprotected", async () => {
    const mocks = mockBlobService({ cors: { corsRules: [] }, deleteRetentionPolicy: { allowPermanentDelete: false, enabled: false } });
    expect(await readStateAccountProtection((id, apiVersion) => client().resources.getById(id, apiVersion), ACCOUNT)).toEqual({
      blobSoftDelete: { enabled: false, days: null },
      containerSoftDelete: { enabled: false, days: null },
      versioning: false,
    });
    expect(mocks.arm.isDone()).toBe(true);
  });

  it("says which account it could not read, with Resource Manager's error as the cause", async () => {
    const mocks = mockBlobService({}, 403);
    const error = await readStateAccountProtection((id, apiVersion) => client().resources.getById(id, apiVersion), ACCOUNT).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe("could not read the blob service properties of storage account sttfstate");
    expect(String(((error as Error).cause as Error).message)).toContain("does not have authorization");
    expect(mocks.arm.isDone()).toBe(true);
  });
});

describe("stateAccountProtectionFindings", () => {
  const off: StateAccountProtection = { blobSoftDelete: { enabled: false, days: null }, containerSoftDelete: { enabled: false, days: null }, versioning: false };
  const update = "az storage account blob-service-properties update --account-name sttfstate --resource-group rg-tfstate";

  it("gives each protection that is off the az command that turns it on", () => {
    expect(stateAccountProtectionFindings(off, ACCOUNT).map((f) => [f.check, f.ok, f.fix])).toEqual([
      ["blob-soft-delete", false, `${update} --enable-delete-retention true --delete-retention-days 30`],
      ["container-soft-delete", false, `${update} --enable-container-delete-retention true --container-delete-retention-days 30`],
      ["versioning", false, `${update} --enable-versioning true`],
    ]);
  });

  it("passes the protections that are on, saying for how long, with no command", () => {
    const findings = stateAccountProtectionFindings({ ...off, blobSoftDelete: { enabled: true, days: 14 }, versioning: true }, ACCOUNT);
    expect(findings.map((f) => [f.check, f.ok, f.fix])).toEqual([
      ["blob-soft-delete", true, null],
      ["container-soft-delete", false, `${update} --enable-container-delete-retention true --container-delete-retention-days 30`],
      ["versioning", true, null],
    ]);
    expect(findings[0]!.message).toContain("on for 14 days");
    expect(findings[1]!.message).toContain("deletes every environment's state for good");
  });
});
