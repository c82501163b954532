import type { IncomingMessage } from "node:http";
import { startLoopbackProxy } from "../../support/loopback-proxy.js";

/** A loopback HTTP proxy in front of a storage endpoint that can take the storage down mid-flow. */
export interface OutageProxy {
  /** The proxied account URL, to give the app as its blob endpoint. */
  endpoint: string;
  /** Requests seen, as "METHOD /path". */
  seen: string[];
  close(): Promise<void>;
}

/**
 * Forwards every request to `target` (host:port) unchanged. The first request for which `trigger` is
 * true runs `outage` (which stops the storage) before it is forwarded; from then on a request that
 * cannot reach the storage has its connection reset, as a client sees a storage node go away.
 */
export async function startOutageProxy(targetPort: number, account: string, trigger: (req: IncomingMessage) => boolean, outage: () => Promise<void>): Promise<OutageProxy> {
  const seen: string[] = [];
  let triggered = false;
  const proxy = await startLoopbackProxy(targetPort, account, async (req) => {
    seen.push(`${req.method} ${new URL(req.url ?? "/", "http://proxy").pathname}`);
    if (!triggered && trigger(req)) {
      triggered = true;
      await outage();
    }
    return false;
  });
  return { ...proxy, seen };
}
