import { readFile } from "node:fs/promises";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";

/**
 * A local Azure "metadata host". Terraform's azurerm backend, given `metadata_host` (or
 * ARM_METADATA_HOSTNAME), fetches `https://<host>/metadata/endpoints?api-version=2022-09-01` and
 * takes every endpoint from the answer: one JSON object (not the array Azure's real endpoint
 * lists), of which the backend needs `resourceManager`, `microsoftGraphResourceId`,
 * `authentication` and `suffixes.storage`. It then always talks to
 * `https://<account>.blob.<suffixes.storage>`, so a storage suffix of `localhost:<azurite port>`
 * points it at Azurite, once `<account>.blob.localhost` resolves to 127.0.0.1 (see terraform-shim.ts).
 * The endpoint must be HTTPS; it serves the same self-signed certificate Azurite does.
 */
export interface MetadataEndpoint {
  /** What ARM_METADATA_HOSTNAME takes: `localhost:PORT`. */
  host: string;
  /** How many metadata requests were answered: proof Terraform came here. */
  requests(): number;
  stop(): Promise<void>;
}

/** Serves the metadata document on a free loopback port, with `storageSuffix` as the blob suffix. */
export async function startMetadataEndpoint(options: { certFile: string; keyFile: string; storageSuffix: string }): Promise<MetadataEndpoint> {
  const [cert, key] = await Promise.all([readFile(options.certFile), readFile(options.keyFile)]);
  // Nothing but blob storage is reachable through these; the other endpoints point at a closed port.
  const nowhere = "https://localhost:1/";
  const document = JSON.stringify({
    name: "AzureCloud",
    resourceManager: nowhere,
    microsoftGraphResourceId: nowhere,
    authentication: { loginEndpoint: nowhere, audiences: [nowhere], tenant: "common", identityProvider: "AAD" },
    suffixes: { storage: options.storageSuffix, keyVaultDns: "vault.localhost", acrLoginServer: "acr.localhost" },
  });
  let requests = 0;
  const server = createServer({ cert, key }, (req, res) => {
    if (req.url?.startsWith("/metadata/endpoints")) {
      requests += 1;
      res.writeHead(200, { "content-type": "application/json" }).end(document);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `localhost:${port}`,
    requests: () => requests,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
