import type { IncomingMessage } from "node:http";
import { ContainerClient, StorageSharedKeyCredential } from "@azure/storage-blob";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { archiveKeyFor, archiveState, newestArchive } from "../../../app/adapters/azure/archive-state.js";
import { startAzurite, type Azurite } from "../../support/azurite.js";
import { startStorageFaultProxy, type StorageFault, type StorageFaultProxy } from "./support/storage-fault-proxy.js";

// The state archive against real Azurite: what a teardown keeps, and what it refuses to delete when a
// step fails. Faults the storage cannot be made to show by itself come from a proxy at the HTTP edge.

/** A repository whose name holds ".tfstate": only the key's ending is the state's suffix. */
const KEY = "envbranch/octo-org/my.tfstate-tools/alice.tfstate";
const ARCHIVES = "archive/envbranch/octo-org/my.tfstate-tools/alice/";
/** A non-ASCII output, so the archive's byte count differs from its length in characters. */
const STATE = JSON.stringify({ version: 4, serial: 7, lineage: "5e1f0c2a", outputs: { greeting: { value: "grüß" } } });
const AT = new Date("2026-12-01T10:20:30.456Z");
const LEASE = "5f0c8a2e-1b3d-4e5f-8a9b-0c1d2e3f4a5b";

let azurite: Azurite;
let container: ContainerClient;
let name: string;

beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => azurite?.stop());
// A container per test, so no test sees another's blobs or leases.
beforeEach(async (context) => {
  name = `t${context.task.id.replace(/[^a-z0-9]/gi, "").toLowerCase()}`.slice(0, 40);
  container = clientAt(azurite.endpoint);
  await container.create();
});

function clientAt(endpoint: string, key = azurite.key): ContainerClient {
  return new ContainerClient(`${endpoint}/${name}`, new StorageSharedKeyCredential(azurite.account, key), { retryOptions: { maxTries: 1 } });
}

async function seed(key = KEY, text = STATE): Promise<void> {
  await container.getBlockBlobClient(key).upload(text, Buffer.byteLength(text));
}

async function text(key: string): Promise<string | null> {
  const blob = container.getBlockBlobClient(key);
  return (await blob.exists()) ? (await blob.downloadToBuffer()).toString("utf8") : null;
}

async function names(prefix: string, includeSnapshots = false): Promise<string[]> {
  const found: string[] = [];
  for await (const blob of container.listBlobsFlat({ prefix, includeSnapshots })) found.push(blob.snapshot ? `${blob.name}@snapshot` : blob.name);
  return found;
}

/** The error archiveState rejects with, and its cause's HTTP status. */
async function failureOf(run: Promise<unknown>): Promise<{ message: string; status: unknown }> {
  const error = (await run.then(
    () => null,
    (e: unknown) => e,
  )) as (Error & { cause?: { statusCode?: unknown } }) | null;
  expect(error, "archiveState should have failed").toBeInstanceOf(Error);
  return { message: error!.message, status: error!.cause?.statusCode };
}

describe("archiveKeyFor", () => {
  it("files the copy under archive/, by the key without its suffix, stamped with the time in name-safe characters", () => {
    expect(archiveKeyFor(KEY, AT)).toBe("archive/envbranch/octo-org/my.tfstate-tools/alice/2026-12-01T10-20-30-456Z.tfstate");
  });
});

describe("archiveState", () => {
  it("copies the state, keeps its history and where it came from, then deletes the original with its snapshots", async () => {
    const key = "envbranch/Octo-Org/Zed app_09/alice+ümlaut.tfstate";
    await seed(key, "{}");
    await container.getBlockBlobClient(key).createSnapshot();
    await seed(key);
    const archiveKey = archiveKeyFor(key, AT);

    const outcome = await archiveState(container, key, archiveKey);

    expect(outcome).toEqual({ status: "archived", archiveKey, bytes: Buffer.byteLength(STATE) });
    expect(Buffer.byteLength(STATE)).toBeGreaterThan(STATE.length);
    expect(await text(archiveKey)).toBe(STATE);
    const { metadata } = await container.getBlockBlobClient(archiveKey).getProperties();
    // Metadata travels in HTTP headers: every character outside the safe set becomes "_".
    expect(Object.fromEntries(Object.entries(metadata ?? {}).map(([k, v]) => [k.toLowerCase(), v]))).toEqual({ archivedfrom: "envbranch/Octo-Org/Zed_app_09/alice__mlaut.tfstate" });
    expect(await names(archiveKey, true)).toEqual([archiveKey, `${archiveKey}@snapshot`]);
    expect(await names(key, true)).toEqual([]);
  });

  it("answers no-state, and writes nothing, when there is no state blob", async () => {
    expect(await archiveState(container, KEY, archiveKeyFor(KEY, AT))).toEqual({ status: "no-state" });
    expect(await names("")).toEqual([]);
  });

  it("stops on any other read error, with the original and no archive", async () => {
    await seed();
    const wrongKey = Buffer.alloc(64, 7).toString("base64");
    const failure = await failureOf(archiveState(clientAt(azurite.endpoint, wrongKey), KEY, archiveKeyFor(KEY, AT)));
    expect(failure).toEqual({ message: `could not read the state blob ${KEY}`, status: 403 });
    expect(await text(KEY)).toBe(STATE);
    expect(await names(ARCHIVES)).toEqual([]);
  });

  it("stops when the archived copy cannot be written, keeping the original", async () => {
    await seed();
    const archiveKey = archiveKeyFor(KEY, AT);
    // Someone else holds the archive's name under a lease: the upload is refused.
    await seed(archiveKey, "held");
    await container.getBlockBlobClient(archiveKey).getBlobLeaseClient(LEASE).acquireLease(-1);
    const failure = await failureOf(archiveState(container, KEY, archiveKey));
    expect(failure).toEqual({ message: `could not write the archived state ${archiveKey}`, status: 412 });
    expect(await text(KEY)).toBe(STATE);
    expect(await text(archiveKey)).toBe("held");
  });

  it("keeps the original when a run holds the state's lease, the archive being written", async () => {
    await seed();
    await container.getBlockBlobClient(KEY).getBlobLeaseClient(LEASE).acquireLease(-1);
    const archiveKey = archiveKeyFor(KEY, AT);
    const failure = await failureOf(archiveState(container, KEY, archiveKey));
    expect(failure).toEqual({ message: `archived ${KEY} to ${archiveKey} but could not delete the original`, status: 412 });
    expect(await text(KEY)).toBe(STATE);
    expect(await text(archiveKey)).toBe(STATE);
  });

  describe("when reading the copy back goes wrong", () => {
    let proxy: StorageFaultProxy;
    let decide: (req: IncomingMessage) => Promise<StorageFault | undefined>;
    beforeAll(async () => {
      proxy = await startStorageFaultProxy(azurite.port, azurite.account, (req) => decide(req));
    });
    afterAll(async () => proxy?.close());
    afterEach(() => {
      expect(proxy.faults + corruptions, "the fault was never injected").toBeGreaterThan(0);
    });
    let corruptions = 0;
    beforeEach(() => {
      corruptions = 0;
    });
    const readsArchive = (req: IncomingMessage) => req.method !== "PUT" && (req.url ?? "").includes("/archive/");

    it("stops when the copy cannot be read back, keeping the original", async () => {
      await seed();
      decide = async (req) => (readsArchive(req) ? { status: 500, code: "InternalError" } : undefined);
      const archiveKey = archiveKeyFor(KEY, AT);
      const failure = await failureOf(archiveState(clientAt(proxy.endpoint), KEY, archiveKey));
      expect(failure).toEqual({ message: `could not read back the archived state ${archiveKey}`, status: 500 });
      expect(await text(KEY)).toBe(STATE);
    });

    it("stops when the copy read back differs by one byte from the state, keeping the original", async () => {
      await seed();
      const corrupt = STATE.replace('"serial":7', '"serial":8');
      // The copy changes after it is written and before it is read back (a second writer, a storage fault).
      decide = async (req) => {
        if (readsArchive(req) && corruptions === 0) {
          corruptions += 1;
          for await (const blob of container.listBlobsFlat({ prefix: ARCHIVES })) await container.getBlockBlobClient(blob.name).upload(corrupt, Buffer.byteLength(corrupt));
        }
        return undefined;
      };
      const archiveKey = archiveKeyFor(KEY, AT);
      const failure = await failureOf(archiveState(clientAt(proxy.endpoint), KEY, archiveKey));
      expect(failure.message).toBe(`the archived state ${archiveKey} differs from ${KEY}; the original was kept`);
      expect(await text(KEY)).toBe(STATE);
      expect(await text(archiveKey)).toBe(corrupt);
    });
  });
});

describe("newestArchive", () => {
  it("is null for a state never archived, even beside other blobs", async () => {
    await seed();
    expect(await newestArchive(container, KEY)).toBeNull();
  });

  it("finds the latest of the state's archived copies, not another environment's nor a live state", async () => {
    const earlier = archiveKeyFor(KEY, new Date("2026-11-30T09:00:00.000Z"));
    const later = archiveKeyFor(KEY, AT);
    await seed(earlier, "{}");
    await seed(later, "{}");
    // Names that sort after the state's archives: another environment's, and live states (outside archive/).
    await seed(archiveKeyFor("envbranch/octo-org/my.tfstate-tools/alicia.tfstate", new Date("2026-12-02T00:00:00.000Z")), "{}");
    await seed();
    expect(await newestArchive(container, KEY)).toBe(later);
  });
});
