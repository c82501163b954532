import type { ContainerClient } from "@azure/storage-blob";
import { storageStatusOf } from "../../adapters/azure/storage-status.js";
import { messageChain } from "../../runner/message-chain.js";
import type { StateFacts } from "../doctor-facts.js";

/** How long the probe's lease lasts if releasing it fails: the shortest a fixed lease may be. */
const PROBE_LEASE_SECONDS = 15;

/** The probe blob beside the environment's state (the state itself is never leased or written). */
export function probeKey(stateKey: string): string {
  return `${stateKey.replace(/\.tfstate$/, "")}/doctor/lease-probe`;
}

/**
 * Reaches the state container as Terraform does: lists it, reads the state blob's lease, and with
 * `lease` writes a probe blob, leases it, releases it and deletes it, which needs what Terraform's
 * lock needs (write and lease in the container).
 */
export async function probeState(container: ContainerClient, stateKey: string, lease: boolean, abortSignal: AbortSignal): Promise<StateFacts> {
  const facts: StateFacts = { container: "exists", containerDetail: null, lock: "unknown", lease: "not-tried", leaseDetail: null };
  try {
    // A listing, as Terraform's backend lists workspaces: what it needs is blob read, not the container's properties.
    await container.listBlobsFlat({ prefix: stateKey, abortSignal }).byPage({ maxPageSize: 1 }).next();
  } catch (error) {
    const status = storageStatusOf(error);
    const detail = codeOf(error);
    if (status === 404) return { ...facts, container: "missing", containerDetail: detail };
    if (status === 403 || status === 401) return { ...facts, container: "denied", containerDetail: detail };
    if (/ENOTFOUND/.test(messageChain(error))) return { ...facts, container: "no-account", containerDetail: "ENOTFOUND" };
    return { ...facts, container: "unreachable", containerDetail: detail };
  }
  try {
    const properties = await container.getBlobClient(stateKey).getProperties({ abortSignal });
    facts.lock = properties.leaseState === "leased" ? "held" : "free";
  } catch (error) {
    facts.lock = storageStatusOf(error) === 404 ? "no-state" : "unknown";
  }
  if (!lease) return facts;
  const probe = container.getBlockBlobClient(probeKey(stateKey));
  try {
    await probe.upload("", 0, { abortSignal, conditions: { ifNoneMatch: "*" } }).catch((error: unknown) => {
      // Left by an earlier probe that could not delete it: leasing it proves as much.
      if (storageStatusOf(error) !== 409) throw error;
    });
    const leaseClient = probe.getBlobLeaseClient();
    await leaseClient.acquireLease(PROBE_LEASE_SECONDS, { abortSignal });
    await leaseClient.releaseLease({ abortSignal });
    await probe.deleteIfExists({ abortSignal });
    facts.lease = "taken";
  } catch (error) {
    const status = storageStatusOf(error);
    facts.lease = status === 403 ? "denied" : "failed";
    facts.leaseDetail = codeOf(error);
  }
  return facts;
}

/** The storage service's error code (`AuthorizationPermissionMismatch`, ...), else the first line of the message. */
function codeOf(error: unknown): string {
  const code = typeof error === "object" && error !== null && "code" in error ? (error as { code: unknown }).code : undefined;
  return typeof code === "string" && code ? code : messageChain(error).slice(0, 200);
}
