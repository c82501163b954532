import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ContainerClient } from "@azure/storage-blob";
import { startAzurite, type Azurite } from "../azurite.js";
import { startMetadataEndpoint, type MetadataEndpoint } from "./metadata-endpoint.js";
import { writeTerraformShim } from "./terraform-shim.js";

/**
 * Real Terraform keeping real azurerm-backend state in Azurite:
 * - Azurite with TLS and a custom account (the backend signs requests for `devstoreaccount1`
 *   differently, and only speaks HTTPS to `<account>.blob.<suffix>`);
 * - the state container, created up front as in Azure (Terraform never creates it);
 * - a local metadata endpoint whose storage suffix is `localhost:<azurite port>`;
 * - a `terraform` shim that resolves `<account>.blob.localhost` to 127.0.0.1 for terraform alone.
 * `runnerEnv` is the environment for the runner (or terraform) child processes.
 */
export interface TerraformAzurite {
  azurite: Azurite;
  metadata: MetadataEndpoint;
  account: string;
  containerName: string;
  /** The state container, as seen from this process. */
  container: ContainerClient;
  runnerEnv: Record<string, string>;
  stop(): Promise<void>;
}

export const TEST_ACCOUNT = "envbranchtest";
export const STATE_CONTAINER = "tfstate";

/** Variables of the test process that would change what the runner or terraform does. */
const INHERITED_BUT_NOT_WANTED = /^(GITHUB_|ENVBRANCH_|ARM_|TF_|AZURE_|RUNNER_)/;

/** Starts everything; `stop()` undoes it all, also when a later part failed to start. */
export async function startTerraformAzurite(): Promise<TerraformAzurite> {
  const dir = await mkdtemp(join(tmpdir(), "envbranch-tf-azurite-"));
  const azurite = await startAzurite({ tls: true, account: TEST_ACCOUNT });
  let metadata: MetadataEndpoint | null = null;
  try {
    metadata = await startMetadataEndpoint({ certFile: azurite.certFile!, keyFile: azurite.keyFile!, storageSuffix: `localhost:${azurite.port}` });
    const shim = await writeTerraformShim(dir, [`${TEST_ACCOUNT}.blob.localhost`]);
    const container = azurite.serviceClient().getContainerClient(STATE_CONTAINER);
    await container.create();
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && !INHERITED_BUT_NOT_WANTED.test(e[0])),
    );
    const runnerEnv: Record<string, string> = {
      ...inherited,
      ...azurite.trustEnv,
      PATH: `${shim.binDir}:${process.env.PATH ?? ""}`,
      CHECKPOINT_DISABLE: "1",
      TF_CLI_CONFIG_FILE: "/dev/null",
      ARM_ACCESS_KEY: azurite.key,
      ARM_METADATA_HOSTNAME: metadata.host,
      ENVBRANCH_BLOB_ENDPOINT: azurite.endpoint,
    };
    const started = metadata;
    return {
      azurite,
      metadata,
      account: TEST_ACCOUNT,
      containerName: STATE_CONTAINER,
      container,
      runnerEnv,
      stop: async () => {
        await started.stop();
        await azurite.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await metadata?.stop();
    await azurite.stop();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
