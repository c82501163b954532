import type { IncomingMessage } from "node:http";
import { ContainerClient, StorageSharedKeyCredential } from "@azure/storage-blob";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createRunContext } from "../../app/runner/run-action.js";
import { emptyFindings, type RunContext } from "../../app/runner/run-context.js";
import { unlockState } from "../../app/runner/unlock-state.js";
import { startAzurite, type Azurite } from "../support/azurite.js";
import { testSpec } from "../support/terraform-azurite/test-checkout.js";
import { startStorageFaultProxy, type StorageFault, type StorageFaultProxy } from "../unit/azure/support/storage-fault-proxy.js";

// What an unlock does to a state blob in each state it can find it in, against real Azurite: it
// frees only a lease it may free, says what it did, and clears the lock info it freed. The faults
// Azurite cannot show by itself come from a proxy at the HTTP edge.

const LEASE = "5f0c8a2e-1b3d-4e5f-8a9b-0c1d2e3f4a5b";
const OTHER = "0a1b2c3d-4e5f-4a5b-8c7d-9e0f1a2b3c4d";
/** The lease the next run would take. */
const NEXT = "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a";
const LOCK = { ID: LEASE, Operation: "OperationTypeApply", Who: "runner@fv-az12", Version: "1.11.4", Created: "2026-12-01T10:00:00Z", Path: "" };
const HOLDER = "runner@fv-az12 (operation OperationTypeApply, since 2026-12-01T10:00:00Z, lock ID 5f0c8a2e-1b3d-4e5f-8a9b-0c1d2e3f4a5b)";

let azurite: Azurite;
let proxy: StorageFaultProxy;
let decide: (req: IncomingMessage) => Promise<StorageFault | undefined> = async () => undefined;
let container: ContainerClient;
let key: string;

beforeAll(async () => {
  azurite = await startAzurite();
  container = clientAt(azurite.endpoint);
  await container.create();
  proxy = await startStorageFaultProxy(azurite.port, azurite.account, (req) => decide(req));
});
afterAll(async () => {
  await proxy?.close();
  await azurite?.stop();
});
beforeEach((context) => {
  key = `${context.task.id}.tfstate`;
  decide = async () => undefined;
});

function clientAt(endpoint: string, accountKey = azurite.key): ContainerClient {
  return new ContainerClient(`${endpoint}/tfstate`, new StorageSharedKeyCredential(azurite.account, accountKey), { retryOptions: { maxTries: 1 } });
}

/** A run context for an unlock of `key` (with the app's lock ID, if given), on `client`; its log lines. */
function unlockContext(client: ContainerClient, unlockLockId?: string): { ctx: RunContext; lines: string[] } {
  const base = testSpec("env-alice", { storageAccount: azurite.account, container: "tfstate" });
  const spec = { ...base, action: "unlock" as const, terraform: { ...base.terraform, backend: { ...base.terraform.backend, key } }, ...(unlockLockId ? { unlockLockId } : {}) };
  const lines: string[] = [];
  const log = { info: (l: string) => lines.push(l), out: () => {}, err: () => {} };
  const ctx = createRunContext({ spec, action: "unlock", workdir: "/nonexistent", outDir: "/nonexistent", lockTimeout: "1s", env: {}, log }, emptyFindings());
  ctx.stateContainer = async () => client;
  return { ctx, lines };
}

/** The state blob, leased as Terraform's azurerm backend leases it, with its lock info (or none) beside other metadata. */
async function lockedBlob(lockInfo: object | null = LOCK) {
  const blob = container.getBlockBlobClient(key);
  await blob.upload("{}", 2);
  await blob.getBlobLeaseClient(LEASE).acquireLease(-1);
  const metadata = { owner: "platform", ...(lockInfo ? { terraformlockid: Buffer.from(JSON.stringify(lockInfo)).toString("base64") } : {}) };
  await blob.setMetadata(metadata, { conditions: { leaseId: LEASE } });
  return blob;
}

async function metadataOf(): Promise<Record<string, string>> {
  const { metadata } = await container.getBlockBlobClient(key).getProperties();
  return Object.fromEntries(Object.entries(metadata ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
}

async function leaseState(): Promise<string | undefined> {
  return (await container.getBlockBlobClient(key).getProperties()).leaseState;
}

/** Whether the next run could take the lock: a lease is free once it is released or broken. */
async function lockableAgain(): Promise<boolean> {
  const lease = container.getBlockBlobClient(key).getBlobLeaseClient(NEXT);
  return lease.acquireLease(15).then(
    async () => {
      await lease.releaseLease();
      return true;
    },
    () => false,
  );
}

/** The failure an unlock rejects with, with the HTTP status of the storage error it was caused by. */
async function failureOf(ctx: RunContext): Promise<{ kind?: unknown; step?: unknown; message: string; causeStatus?: unknown } | null> {
  return unlockState(ctx).then(
    () => null,
    (error: { kind?: unknown; step?: unknown; message: string; cause?: { statusCode?: unknown } }) => ({
      kind: error.kind,
      step: error.step,
      message: error.message,
      ...(error.cause ? { causeStatus: error.cause.statusCode } : {}),
    }),
  );
}

describe("unlockState", () => {
  it("does nothing, and says so, when there is no state blob", async () => {
    const { ctx, lines } = unlockContext(container);
    await unlockState(ctx);
    expect(ctx.findings.note).toBe("no state blob: nothing to unlock");
    expect(lines).toContain(`there is no state blob at ${key}; nothing to unlock`);
    expect(ctx.steps.steps).toMatchObject([{ name: "unlock", kind: "storage", exitCode: 0 }]);
  });

  it("does nothing, and says so, when the state is not locked", async () => {
    await container.getBlockBlobClient(key).upload("{}", 2);
    const { ctx, lines } = unlockContext(container);
    await unlockState(ctx);
    expect(ctx.findings.note).toBe("the state was not locked");
    expect(lines).toContain(`the state blob ${key} is not locked (lease available); nothing to do`);
    expect(ctx.findings.lock).toBeNull();
  });

  it("without a lock ID, breaks the lease, names the lock it broke, and clears only Terraform's lock info", async () => {
    await lockedBlob();
    const { ctx, lines } = unlockContext(container);
    await unlockState(ctx);
    expect(await lockableAgain()).toBe(true);
    expect(ctx.findings.lock).toMatchObject({ id: LEASE, who: "runner@fv-az12", created: "2026-12-01T10:00:00Z" });
    expect(ctx.findings.note).toBe("broke the lock held by runner@fv-az12 since 2026-12-01T10:00:00Z");
    expect(lines).toEqual(expect.arrayContaining([`the state blob ${key} is locked by ${HOLDER}`, "broke the lease; the state is unlocked"]));
    expect(await metadataOf()).toEqual({ owner: "platform" });
  });

  it("with the lock's own ID, releases that lease, and says it released it", async () => {
    await lockedBlob();
    const { ctx } = unlockContext(container, LEASE);
    await unlockState(ctx);
    expect(await leaseState()).toBe("available");
    expect(ctx.findings.note).toBe("released the lock held by runner@fv-az12 since 2026-12-01T10:00:00Z");
    expect(await metadataOf()).toEqual({ owner: "platform" });
  });

  it("with another lock's ID, refuses and leaves the lease and its lock info alone", async () => {
    await lockedBlob();
    const { ctx } = unlockContext(container, OTHER);
    expect(await failureOf(ctx)).toEqual({
      kind: "refused",
      step: "unlock",
      message: `Not unlocked: the state blob \`${key}\` is locked by ${HOLDER}, not by lock ${OTHER}, so the lease was left alone. If that lock is left over too, unlock again with its ID.`,
    });
    expect(await leaseState()).toBe("leased");
    expect(Object.keys(await metadataOf()).sort()).toEqual(["owner", "terraformlockid"]);
    expect(ctx.steps.steps).toMatchObject([{ name: "unlock", exitCode: 1 }]);
  });

  it("breaks a lease that carries no lock info when no lock ID is given, and refuses one when it is", async () => {
    await lockedBlob(null);
    const refused = unlockContext(container, LEASE);
    expect((await failureOf(refused.ctx))?.message).toContain("is locked by a lease without Terraform lock info, not by lock");
    expect(await leaseState()).toBe("leased");
    const { ctx, lines } = unlockContext(container);
    await unlockState(ctx);
    expect(await lockableAgain()).toBe(true);
    expect(ctx.findings.note).toBe("broke the state blob's lease");
    expect(lines).toContain(`the state blob ${key} is locked by a lease without Terraform lock info`);
  });

  it("ends a lease that is being broken, which still blocks writers", async () => {
    const blob = await lockedBlob();
    await blob.getBlobLeaseClient(LEASE).breakLease(60);
    expect(await leaseState()).toBe("breaking");
    const { ctx } = unlockContext(container);
    await unlockState(ctx);
    expect(await lockableAgain()).toBe(true);
    expect(ctx.findings.note).toBe("broke the lock held by runner@fv-az12 since 2026-12-01T10:00:00Z");
  });

  it("fails as a state-access failure when the storage refuses the read", async () => {
    await lockedBlob();
    const { ctx } = unlockContext(clientAt(azurite.endpoint, Buffer.alloc(64, 7).toString("base64")));
    const failure = await failureOf(ctx);
    expect(failure).toMatchObject({ kind: "state-access-failed", step: "unlock", causeStatus: 403 });
    // The storage's own error, not one from reading properties that never came.
    expect(failure?.message).toContain(`the state blob \`${key}\``);
    expect(failure?.message).toContain("Terraform said: RestError");
    expect(await leaseState()).toBe("leased");
  });

  it("fails as a state-access failure, not a refusal, when breaking the lease fails for another reason", async () => {
    await lockedBlob();
    decide = async (req) => (req.method === "PUT" && (req.url ?? "").includes("comp=lease") ? { status: 500, code: "InternalError" } : undefined);
    const { ctx } = unlockContext(clientAt(proxy.endpoint));
    expect(await failureOf(ctx)).toMatchObject({ kind: "state-access-failed", step: "unlock" });
    expect(await leaseState()).toBe("leased");
  });

  it("with the lock's ID, leaves alone a lease another run holds under stale lock info naming that ID", async () => {
    // The lock info says LEASE, but the lease is OTHER's: only a release, which Azure checks against the lease, is safe here.
    const blob = container.getBlockBlobClient(key);
    await blob.upload("{}", 2);
    await blob.getBlobLeaseClient(OTHER).acquireLease(-1);
    await blob.setMetadata({ terraformlockid: Buffer.from(JSON.stringify(LOCK)).toString("base64") }, { conditions: { leaseId: OTHER } });
    const { ctx } = unlockContext(container, LEASE);
    expect(await failureOf(ctx)).toMatchObject({ kind: "state-access-failed", step: "unlock", causeStatus: 409 });
    expect(await leaseState()).toBe("leased");
    expect(await lockableAgain()).toBe(false);
  });

  it("refuses, naming the lock, when the blob changed between reading its lock and freeing the lease", async () => {
    await lockedBlob();
    // Azure answers a lease call whose If-Match no longer holds with 412.
    decide = async (req) => (req.method === "PUT" && (req.url ?? "").includes("comp=lease") ? { status: 412, code: "ConditionNotMet" } : undefined);
    const { ctx } = unlockContext(clientAt(proxy.endpoint));
    expect(await failureOf(ctx)).toEqual({
      kind: "refused",
      step: "unlock",
      causeStatus: 412,
      message: `Not unlocked: the state blob \`${key}\` changed while the runner was looking at its lock (${HOLDER}), so a run is writing it or took a new lock; the lease was left alone.`,
    });
    expect(await leaseState()).toBe("leased");
  });

  it("still unlocks when the stale lock info cannot be cleared, and says it left it", async () => {
    await lockedBlob();
    decide = async (req) => (req.method === "PUT" && (req.url ?? "").includes("comp=metadata") ? { status: 412, code: "LeaseIdMissing" } : undefined);
    const { ctx, lines } = unlockContext(clientAt(proxy.endpoint));
    await unlockState(ctx);
    expect(await lockableAgain()).toBe(true);
    expect(lines.filter((line) => line.startsWith("left the old lock info in the blob's metadata ("))).toHaveLength(1);
    expect(Object.keys(await metadataOf()).sort()).toEqual(["owner", "terraformlockid"]);
  });
});
