import { BlobServiceClient, ContainerSASPermissions, StorageSharedKeyCredential, type ContainerClient } from "@azure/storage-blob";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { probeKey } from "../../app/doctor/gather/probe-state.js";
import { runDoctor } from "../../app/doctor/run-doctor.js";
import { startAzurite, type Azurite } from "../support/azurite.js";
import { STATE_GROUP, SUBSCRIPTION, testCredential } from "./support/azure-edge.js";
import { testTarget } from "./support/test-target.js";

// The state probe against Azurite's blob service: real containers, blobs and leases.
const ACCOUNT = "sttfstate";
let azurite: Azurite;
let service: BlobServiceClient;
const target = testTarget();
const KEY = target.state.key;

beforeAll(async () => {
  azurite = await startAzurite({ account: ACCOUNT });
  service = azurite.serviceClient();
});
afterAll(async () => azurite.stop());
beforeEach(async () => {
  for await (const c of service.listContainers()) await service.deleteContainer(c.name);
});

/** The container client doctor gets, without the SDK's retries (a missing host is then one attempt). */
function container(endpoint = azurite.endpoint, key = azurite.key): ContainerClient {
  return new BlobServiceClient(endpoint, new StorageSharedKeyCredential(ACCOUNT, key), { retryOptions: { maxTries: 1 } }).getContainerClient("tfstate");
}

function doctor(client: ContainerClient, probeLease = true) {
  // No Resource Manager or Graph call: the state check needs none, so the credential is never asked for a token.
  return runDoctor({ ...target, probeLease }, { credential: testCredential(), stateContainer: async () => client, stackDir: "." }, { checks: ["state-storage"], timeoutMs: 15_000 });
}

describe("the state storage check against Azurite", () => {
  it("takes and releases a lease on a probe blob, never on the state, and leaves nothing behind", async () => {
    await service.createContainer("tfstate");
    const state = service.getContainerClient("tfstate").getBlockBlobClient(KEY);
    await state.upload("{}", 2);
    const findings = await doctor(container());
    expect(findings.map((f) => [f.status, f.subject])).toEqual([
      ["pass", "state container sttfstate/tfstate exists and the signed-in user can read it"],
      ["pass", "the signed-in user can take and release a lease in state container sttfstate/tfstate"],
    ]);
    expect((await state.getProperties()).leaseState).toBe("available");
    expect(await service.getContainerClient("tfstate").getBlobClient(probeKey(KEY)).exists()).toBe(false);
  });

  it("says the state is locked when its blob is leased, with the unlock command", async () => {
    await service.createContainer("tfstate");
    const state = service.getContainerClient("tfstate").getBlockBlobClient(KEY);
    await state.upload("{}", 2);
    await state.getBlobLeaseClient().acquireLease(-1);
    const findings = await doctor(container());
    expect(findings.at(-1)).toMatchObject({ status: "fail", subject: `state lock of ${KEY}`, fix: "envbranch run unlock --branch env-alice" });
  });

  it("reads but does not lease for a plan's identity", async () => {
    await service.createContainer("tfstate");
    const findings = await doctor(container(), false);
    expect(findings.map((f) => f.status)).toEqual(["pass"]);
  });

  it("says the caller may read but not lease, when it may only read (a read-only SAS here, a Reader-like role in Azure)", async () => {
    await service.createContainer("tfstate");
    const sasUrl = await container().generateSasUrl({ permissions: ContainerSASPermissions.parse("rl"), expiresOn: new Date(Date.now() + 3_600_000) });
    const readOnly = new BlobServiceClient(`${azurite.endpoint}?${new URL(sasUrl).searchParams.toString()}`, undefined, { retryOptions: { maxTries: 1 } }).getContainerClient("tfstate");
    const findings = await doctor(readOnly);
    expect(findings.map((f) => f.status)).toEqual(["pass", "fail"]);
    expect(findings[1]!.problem).toMatch(/^the signed-in user may not write or lease blobs there \(AuthorizationPermissionMismatch\)/);
    expect(JSON.stringify(findings)).not.toContain("sig=");
  });

  it("gives the command that creates a missing container", async () => {
    const [finding] = await doctor(container());
    expect(finding).toMatchObject({ status: "fail", problem: "container tfstate does not exist in storage account sttfstate; Terraform does not create it." });
    expect(finding!.fix).toBe(`az storage container-rm create --storage-account sttfstate -g ${STATE_GROUP} --subscription ${SUBSCRIPTION} -n tfstate`);
  });

  it("says the caller may not read the container when the service refuses it, with the role that fixes it", async () => {
    await service.createContainer("tfstate");
    const [finding] = await doctor(container(azurite.endpoint, Buffer.from("not the account key").toString("base64")));
    expect(finding).toMatchObject({ status: "fail", subject: "state container sttfstate/tfstate" });
    expect(finding!.problem).toMatch(/^the signed-in user may not read the container \((?:AuthorizationFailure|AuthenticationFailed)\)/);
    expect(finding!.fix).toBe(
      `az role assignment create --assignee "$(az ad signed-in-user show --query id -o tsv)" --role 'Storage Blob Data Contributor' --scope /subscriptions/${SUBSCRIPTION}/resourceGroups/${STATE_GROUP}/providers/Microsoft.Storage/storageAccounts/sttfstate`,
    );
  });

  it("gives the command that creates an account whose blob endpoint does not resolve", async () => {
    const [finding] = await doctor(container("http://sttfstate.blob.envbranch-doctor.invalid"));
    expect(finding).toMatchObject({ status: "fail" });
    expect(finding!.problem).toContain("storage account sttfstate does not exist");
    expect(finding!.fix).toBe(`az storage account create -n sttfstate -g ${STATE_GROUP} --subscription ${SUBSCRIPTION} --sku Standard_ZRS --min-tls-version TLS1_2 --allow-blob-public-access false`);
  });
});
