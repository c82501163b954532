import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BlobServiceClient, StorageSharedKeyCredential, type StoragePipelineOptions } from "@azure/storage-blob";
import { execa } from "execa";
import { stopProcess } from "./stop-process.js";

/**
 * Azurite's blob service, started for a test and stopped by PID.
 *
 * Plain mode, the usual one:
 *
 *     const azurite = await startAzurite();            // devstoreaccount1, http
 *     const container = stateContainer(location, { blobEndpoint: azurite.endpoint, accountKey: azurite.key });
 *     ...
 *     await azurite.stop();
 *
 * `endpoint` is the account's path-style URL (`http://127.0.0.1:PORT/ACCOUNT`), which is what a
 * BlobServiceClient wants. Pass `{ account: "name" }` for a custom account (a key is generated).
 *
 * TLS mode (`{ tls: true }`) serves HTTPS with a self-signed certificate made by openssl for
 * `localhost`, `127.0.0.1` and `ACCOUNT.blob.localhost`; `trustEnv` makes child processes trust it
 * (Go programs such as terraform read SSL_CERT_FILE, Node reads NODE_EXTRA_CA_CERTS at start-up),
 * and `serviceClient()` trusts it inside this process.
 */
export interface AzuriteOptions {
  tls?: boolean;
  account?: string;
  accountKey?: string;
}

export interface Azurite {
  /** The account's service URL, path style: `http(s)://127.0.0.1:PORT/ACCOUNT`. */
  endpoint: string;
  port: number;
  account: string;
  /** The account key, base64. */
  key: string;
  connectionString: string;
  /** The PEM certificate (its own CA) in TLS mode, else null. */
  certFile: string | null;
  keyFile: string | null;
  /** Environment that makes child processes trust the certificate; empty in plain mode. */
  trustEnv: Record<string, string>;
  /** A client for the account that trusts the certificate in this process. */
  serviceClient(): BlobServiceClient;
  pid: number;
  /** Stops the server and removes its data. */
  stop(): Promise<void>;
  /** Stops the server but keeps its data, as an outage looks to a client. */
  halt(): Promise<void>;
  /** Starts the server again on the same data and port after `halt`. */
  restart(): Promise<void>;
}

/** The well-known development account every Azurite serves unless told otherwise. */
export const DEV_ACCOUNT = "devstoreaccount1";
export const DEV_ACCOUNT_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

// Resolved as a package, not as a path under this checkout: Stryker's sandbox has no node_modules of its
// own when the checkout's is a link (a worktree's), and the path would name a file that is not there.
const AZURITE_BLOB_MAIN = createRequire(import.meta.url).resolve("azurite/dist/src/blob/main.js");

/** Starts Azurite on a free loopback port in a fresh temp dir; it is ready when this resolves. */
export async function startAzurite(options: AzuriteOptions = {}): Promise<Azurite> {
  const account = options.account ?? DEV_ACCOUNT;
  const key = options.accountKey ?? (account === DEV_ACCOUNT ? DEV_ACCOUNT_KEY : randomBytes(32).toString("base64"));
  const dir = await mkdtemp(join(tmpdir(), "envbranch-azurite-"));
  const tls = options.tls ? await makeCertificate(dir, [`${account}.blob.localhost`]) : null;
  const env = { ...process.env, ...(account === DEV_ACCOUNT ? {} : { AZURITE_ACCOUNTS: `${account}:${key}` }) };
  let running: { child: ChildProcess; port: number };
  try {
    running = await launch(dir, env, tls, 0);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const port = running.port;
  const scheme = tls ? "https" : "http";
  const endpoint = `${scheme}://127.0.0.1:${port}/${account}`;
  const ca = tls ? await readFile(tls.certFile) : null;
  return {
    endpoint,
    port,
    account,
    key,
    connectionString: `DefaultEndpointsProtocol=${scheme};AccountName=${account};AccountKey=${key};BlobEndpoint=${endpoint};`,
    certFile: tls?.certFile ?? null,
    keyFile: tls?.keyFile ?? null,
    trustEnv: tls ? { SSL_CERT_FILE: tls.certFile, NODE_EXTRA_CA_CERTS: tls.certFile } : {},
    serviceClient: () => {
      // `tlsOptions` reaches core-rest-pipeline's TLS policy; the storage SDK's options type omits it.
      const pipeline = { retryOptions: { maxTries: 2 }, ...(ca ? { tlsOptions: { ca } } : {}) } as StoragePipelineOptions;
      return new BlobServiceClient(endpoint, new StorageSharedKeyCredential(account, key), pipeline);
    },
    get pid() {
      return running.child.pid!;
    },
    stop: async () => {
      await stopProcess(running.child);
      await rm(dir, { recursive: true, force: true });
    },
    halt: () => stopProcess(running.child),
    restart: async () => {
      running = await launch(dir, env, tls, port);
    },
  };
}

/** Starts Azurite's blob server on `port` (0: any free one) over the data in `dir`. */
async function launch(dir: string, env: NodeJS.ProcessEnv, tls: { certFile: string; keyFile: string } | null, port: number): Promise<{ child: ChildProcess; port: number }> {
  const args = [AZURITE_BLOB_MAIN, "--blobHost", "127.0.0.1", "--blobPort", String(port), "--location", dir, "--silent", "--disableTelemetry", "--skipApiVersionCheck"];
  if (tls) args.push("--cert", tls.certFile, "--key", tls.keyFile);
  // Node runs Azurite's entry point directly, so the PID held here is the server's own.
  const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  try {
    return { child, port: await listeningPort(child) };
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
}

/** Resolves with the port from Azurite's "successfully listens on" line, or rejects with what it printed. */
function listeningPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`Azurite did not start within 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /successfully listens on https?:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Azurite exited with code ${code} before listening:\n${output}`));
    });
  });
}

/** A self-signed P-256 certificate, its own CA, for loopback names and the given host names. */
async function makeCertificate(dir: string, hostnames: string[]): Promise<{ certFile: string; keyFile: string }> {
  const certFile = join(dir, "cert.pem");
  const keyFile = join(dir, "key.pem");
  const config = join(dir, "openssl.cnf");
  const names = ["localhost", ...hostnames].map((h) => `DNS:${h}`).join(",");
  await writeFile(
    config,
    [
      "[req]",
      "distinguished_name=dn",
      "x509_extensions=v3",
      "prompt=no",
      "[dn]",
      "CN=envbranch-test",
      "[v3]",
      `subjectAltName=${names},IP:127.0.0.1`,
      "basicConstraints=critical,CA:TRUE",
      "keyUsage=digitalSignature,keyEncipherment,keyCertSign",
      "extendedKeyUsage=serverAuth",
      "",
    ].join("\n"),
  );
  await execa("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-keyout", keyFile, "-out", certFile, "-config", config]);
  return { certFile, keyFile };
}
