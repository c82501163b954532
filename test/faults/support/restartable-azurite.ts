import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { BlobServiceClient, StorageSharedKeyCredential } from "@azure/storage-blob";

const AZURITE_BLOB_MAIN = fileURLToPath(new URL("../../../node_modules/azurite/dist/src/blob/main.js", import.meta.url));

/**
 * Azurite that can be stopped and started again on the same data directory and port, as a storage
 * outage looks to a client (test/support/azurite.ts removes its directory on stop). Stopped by PID
 * with SIGTERM, which Azurite handles by saving its metadata, like a service shut down for repair.
 */
export interface RestartableAzurite {
  endpoint: string;
  port: number;
  account: string;
  key: string;
  serviceClient(): BlobServiceClient;
  stop(): Promise<void>;
  restart(): Promise<void>;
  /** Stops it and removes its data directory. */
  dispose(): Promise<void>;
}

/** Starts Azurite for a custom account in a fresh directory on a free loopback port. */
export async function startRestartableAzurite(account: string): Promise<RestartableAzurite> {
  const key = randomBytes(32).toString("base64");
  const dir = await mkdtemp(join(tmpdir(), "envbranch-azurite-restart-"));
  let running = await launch(dir, account, key, 0);
  const port = running.port;
  const endpoint = `http://127.0.0.1:${port}/${account}`;
  const stop = async () => {
    await stopChild(running.child);
  };
  return {
    endpoint,
    port,
    account,
    key,
    serviceClient: () => new BlobServiceClient(endpoint, new StorageSharedKeyCredential(account, key), { retryOptions: { maxTries: 1 } }),
    stop,
    restart: async () => {
      running = await launch(dir, account, key, port);
    },
    dispose: async () => {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function launch(dir: string, account: string, key: string, port: number): Promise<{ child: ChildProcess; port: number }> {
  const args = [AZURITE_BLOB_MAIN, "--blobHost", "127.0.0.1", "--blobPort", String(port), "--location", dir, "--silent", "--disableTelemetry", "--skipApiVersionCheck"];
  // Node runs Azurite's entry point directly, so the PID held here is the server's own.
  const child = spawn(process.execPath, args, { env: { ...process.env, AZURITE_ACCOUNTS: `${account}:${key}` }, stdio: ["ignore", "pipe", "pipe"] });
  try {
    return { child, port: await listeningPort(child) };
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
}

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
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Azurite exited with code ${code} before listening:\n${output}`));
    });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}
