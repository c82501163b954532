import { createServer, request, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

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
  const proxy = { faults: 0 };
  const server = createServer(async (req, res) => {
    const fault = await decide(req);
    if (fault) {
      proxy.faults += 1;
      req.resume();
      const body = `<?xml version="1.0" encoding="utf-8"?><Error><Code>${fault.code}</Code><Message>injected by the test</Message></Error>`;
      res.writeHead(fault.status, { "content-type": "application/xml", "x-ms-error-code": fault.code });
      res.end(req.method === "HEAD" ? undefined : body);
      return;
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
  return Object.assign(proxy, {
    endpoint: `http://127.0.0.1:${port}/${account}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  });
}
