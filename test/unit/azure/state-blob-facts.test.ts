import { createServer, type Server, type Socket } from "node:net";
import { ContainerClient, StorageSharedKeyCredential } from "@azure/storage-blob";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { archiveKeyFor } from "../../../app/adapters/azure/archive-state.js";
import { readStateBlobFacts } from "../../../app/adapters/azure/state-blob-facts.js";
import { acquireStateLease } from "../../../app/adapters/azure/state-lease.js";
import { LOCK_METADATA_KEY } from "../../../app/runner/lock-info.js";
import { startAzurite, type Azurite } from "../../support/azurite.js";

// The dashboard's reads of state storage against real Azurite: a state blob's lease and the lock info
// in its metadata, as Terraform's azurerm backend (and envbranch's own runner) leave them, and the
// newest archive of a destroyed environment's state.

const KEY = "envbranch/octo-org/shop/alice.tfstate";
const STATE = JSON.stringify({ version: 4, serial: 3, lineage: "5e1f0c2a" });

let azurite: Azurite;
let container: ContainerClient;

beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => azurite?.stop());
// A container per test, so no test sees another's blobs or leases.
beforeEach(async (context) => {
  const name = `t${context.task.id.replace(/[^a-z0-9]/gi, "").toLowerCase()}`.slice(0, 40);
  container = new ContainerClient(`${azurite.endpoint}/${name}`, new StorageSharedKeyCredential(azurite.account, azurite.key), { retryOptions: { maxTries: 1 } });
  await container.create();
});

async function seed(key = KEY): Promise<void> {
  await container.getBlockBlobClient(key).upload(STATE, STATE.length);
}

describe("readStateBlobFacts", () => {
  it("finds no blob and no lock before the environment's first init", async () => {
    expect(await readStateBlobFacts(container, KEY, false)).toEqual({ exists: false, lock: null, archive: null });
  });

  it("finds no lock on a blob nobody leases, even with stale lock info left in its metadata", async () => {
    await seed();
    await container.getBlobClient(KEY).setMetadata({ [LOCK_METADATA_KEY]: Buffer.from(JSON.stringify({ ID: "old", Who: "gone@host" })).toString("base64") });
    expect(await readStateBlobFacts(container, KEY, false)).toEqual({ exists: true, lock: null, archive: null });
  });

  it("reads back the holder of a lease taken the way Terraform takes it, with its lock ID", async () => {
    await seed();
    const held = await acquireStateLease(container.getBlockBlobClient(KEY), KEY, { who: "runner@fv-az1", operation: "OperationTypeApply", version: "1.9.8", created: "2026-11-22 10:00:00.123456789 +0000 UTC" });
    expect(held).not.toBeNull();
    try {
      expect((await readStateBlobFacts(container, KEY, false)).lock).toEqual({ who: "runner@fv-az1", operation: "OperationTypeApply", created: "2026-11-22 10:00:00.123456789 +0000 UTC", id: held!.leaseId });
    } finally {
      await held!.release();
    }
    expect((await readStateBlobFacts(container, KEY, false)).lock).toBeNull();
  });

  it("counts a lease without lock info, and one being broken, as held, by an unknown holder; an ID alone is kept", async () => {
    await seed();
    const lease = container.getBlobClient(KEY).getBlobLeaseClient();
    await lease.acquireLease(-1);
    const unknown = { who: null, operation: null, created: null, id: null };
    expect((await readStateBlobFacts(container, KEY, false)).lock).toEqual(unknown);
    // Lock info that gives only an ID: the fields it leaves out are unknown, not the word "unknown".
    const idOnly = Buffer.from(JSON.stringify({ ID: "3c1e" })).toString("base64");
    await container.getBlobClient(KEY).setMetadata({ [LOCK_METADATA_KEY]: idOnly }, { conditions: { leaseId: lease.leaseId } });
    expect((await readStateBlobFacts(container, KEY, false)).lock).toEqual({ ...unknown, id: "3c1e" });
    await lease.breakLease(60);
    expect((await readStateBlobFacts(container, KEY, false)).lock).toEqual({ ...unknown, id: "3c1e" });
  });

  it("finds the newest archive when asked, and only then", async () => {
    const newest = archiveKeyFor(KEY, new Date("2026-12-01T10:00:00.000Z"));
    await seed(archiveKeyFor(KEY, new Date("2026-11-30T10:00:00.000Z")));
    await seed(newest);
    expect(await readStateBlobFacts(container, KEY, true)).toEqual({ exists: false, lock: null, archive: newest });
    expect((await readStateBlobFacts(container, KEY, false)).archive).toBeNull();
  });
});

describe("readStateBlobFacts against storage that never answers", () => {
  let server: Server;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    // Accepts connections and says nothing: a network path that swallows requests.
    server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it("gives up after its timeout, naming the state key", async () => {
    const port = (server.address() as { port: number }).port;
    const silent = new ContainerClient(`http://127.0.0.1:${port}/${azurite.account}/tfstate`, new StorageSharedKeyCredential(azurite.account, azurite.key));
    const started = Date.now();
    await expect(readStateBlobFacts(silent, KEY, true, 300)).rejects.toThrow(`state storage did not answer for ${KEY} within 300 ms`);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(sockets.length).toBeGreaterThan(0);
  });
});
