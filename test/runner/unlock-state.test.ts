import type { BlobClient, ContainerClient } from "@azure/storage-blob";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRunContext } from "../../app/runner/run-action.js";
import { emptyFindings } from "../../app/runner/run-context.js";
import { unlockState } from "../../app/runner/unlock-state.js";
import { startAzurite, type Azurite } from "../support/azurite.js";
import { testSpec } from "../support/terraform-azurite/test-checkout.js";

/**
 * The unlock's last guard, against real Azurite: the lease is freed only if the blob is as it was
 * when its lock info was read. A run that writes the state in between (Terraform, holding the
 * lease, writing metadata or state) makes the runner leave the lease alone, with or without a lock ID.
 */
describe("unlockState frees the lease only if the blob did not change since it read the lock", () => {
  let azurite: Azurite;
  let container: ContainerClient;
  const leaseId = "5f0c8a2e-1b3d-4e5f-8a9b-0c1d2e3f4a5b";
  const lockInfo = { ID: leaseId, Operation: "OperationTypeApply", Who: "runner@fv-az12", Version: "1.11.4", Created: "2026-12-01T10:00:00Z", Path: "" };

  beforeAll(async () => {
    azurite = await startAzurite();
    container = azurite.serviceClient().getContainerClient("tfstate");
    await container.create();
  });
  afterAll(async () => azurite?.stop());

  /** A state blob leased the way Terraform's azurerm backend leases it, lock info in its metadata. */
  async function lockedBlob(key: string): Promise<BlobClient> {
    const blob = container.getBlockBlobClient(key);
    await blob.upload("{}", 2);
    await blob.getBlobLeaseClient(leaseId).acquireLease(-1);
    await blob.setMetadata({ terraformlockid: Buffer.from(JSON.stringify(lockInfo)).toString("base64") }, { conditions: { leaseId } });
    return blob;
  }

  /** The container, except that right after the runner reads the blob's properties, the lock holder writes the blob. */
  function racingContainer(blob: BlobClient): ContainerClient {
    const racing = Object.create(blob) as BlobClient;
    racing.getProperties = async (options) => {
      const properties = await blob.getProperties(options);
      await blob.setMetadata({ ...properties.metadata, written: "by the running apply" }, { conditions: { leaseId } });
      return properties;
    };
    return { getBlobClient: () => racing } as unknown as ContainerClient;
  }

  it.each([
    ["without a lock ID (the app found no run going)", undefined],
    ["with the right lock ID", leaseId],
  ])("%s: refused, and the lease stays", async (_, unlockLockId) => {
    const key = `race-${unlockLockId ? "id" : "none"}.tfstate`;
    const blob = await lockedBlob(key);
    const base = testSpec("env-alice", { storageAccount: "devstoreaccount1", container: "tfstate" });
    const spec = { ...base, action: "unlock" as const, terraform: { ...base.terraform, backend: { ...base.terraform.backend, key } }, ...(unlockLockId ? { unlockLockId } : {}) };
    const lines: string[] = [];
    const log = { info: (l: string) => lines.push(l), out: () => {}, err: () => {} };
    const ctx = createRunContext({ spec, action: "unlock", workdir: "/nonexistent", outDir: "/nonexistent", lockTimeout: "1s", env: {}, log }, emptyFindings());
    ctx.stateContainer = async () => racingContainer(blob);
    const failure = await unlockState(ctx).then(() => null, (error: unknown) => error);
    expect(failure).toMatchObject({ kind: "refused", step: "unlock" });
    expect((failure as Error).message).toContain("changed while the runner was looking at its lock (runner@fv-az12");
    expect((await blob.getProperties()).leaseState).toBe("leased");
    expect(ctx.findings.lock).toMatchObject({ id: leaseId, who: "runner@fv-az12" });
  });
});
