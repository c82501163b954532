import type { IncomingMessage } from "node:http";
import { startLoopbackProxy } from "../../../support/loopback-proxy.js";

/** An error answer the proxy gives instead of the storage's, as Azure words one. */
export interface StorageFault {
  status: number;
  code: string;
}

/** A loopback proxy in front of Azurite that lets a test decide, request by request, what the client sees. */
export interface StorageFaultProxy {
  /** The proxied account URL, to build clients on. */
  endpoint: string;
  /** How many requests `decide` answered with a fault. */
  faults: number;
  close(): Promise<void>;
}

/**
 * Forwards every request to Azurite on `targetPort` unchanged, except that `decide` runs first: it may
 * change the storage behind the client's back (then answers undefined and the request goes on) or
 * answer a fault, which the client gets with Azure's error header and body instead of the request
 * reaching the storage.
 */
export async function startStorageFaultProxy(
  targetPort: number,
  account: string,
  decide: (req: IncomingMessage) => Promise<StorageFault | undefined>,
): Promise<StorageFaultProxy> {
  const counted = { faults: 0 };
  const proxy = await startLoopbackProxy(targetPort, account, async (req, res) => {
    const fault = await decide(req);
    if (!fault) return false;
    counted.faults += 1;
    req.resume();
    const body = `<?xml version="1.0" encoding="utf-8"?><Error><Code>${fault.code}</Code><Message>injected by the test</Message></Error>`;
    res.writeHead(fault.status, { "content-type": "application/xml", "x-ms-error-code": fault.code });
    res.end(req.method === "HEAD" ? undefined : body);
    return true;
  });
  return Object.assign(counted, proxy);
}
