import { createServer, request, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

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
  const server = createServer(async (req, res) => {
    seen.push(`${req.method} ${new URL(req.url ?? "/", "http://proxy").pathname}`);
    if (!triggered && trigger(req)) {
      triggered = true;
      await outage();
    }
    const upstream = request({ host: "127.0.0.1", port: targetPort, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => req.socket.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/${account}`,
    seen,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
