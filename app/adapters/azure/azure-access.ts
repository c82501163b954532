import { DefaultAzureCredential } from "@azure/identity";
import type { TokenCredential } from "@azure/core-auth";
import { z } from "zod";
import { CLOUD_ENDPOINTS, type AzureCloud } from "./azure-clouds.js";
import type { StateAccess } from "./state-container.js";
import type { Log } from "../../logging/event-log.js";

/** The app's own Azure access: optional, for the destroy fallback and unlocking state. */
export interface AzureAccess {
  credential: TokenCredential;
  /** Overrides the cloud's Resource Manager endpoint (Azure Stack, tests). */
  resourceManagerEndpoint?: string;
  state: StateAccess;
}

const settingsSchema = z.object({
  ENVBRANCH_AZURE: z.enum(["on", "off"]).default("off"),
  ENVBRANCH_AZURE_CLOUD: z.enum(["public", "china", "usgovernment"]).default("public"),
  ENVBRANCH_ARM_ENDPOINT: z.url().optional(),
  ENVBRANCH_BLOB_ENDPOINT: z.url().optional(),
  ENVBRANCH_BLOB_ACCOUNT_KEY: z.string().min(1).optional(),
});

/** The features that need the app's own Azure access, named in the start-up log when it is off. */
export const AZURE_FEATURES = "deleting a destroyed environment's resource groups when its workflow cannot run, archiving its state, unlocking state from the app, and showing state locks and archives on the dashboard and the environments page";

/**
 * Reads the app's Azure settings from the environment. Azure access is on only when
 * `ENVBRANCH_AZURE=on`; the credential is DefaultAzureCredential (workload identity, managed identity,
 * or `AZURE_CLIENT_ID`/`AZURE_TENANT_ID`/`AZURE_CLIENT_SECRET`), against the selected cloud.
 */
export function readAzureAccess(env: NodeJS.ProcessEnv, log: Log): AzureAccess | null {
  const parsed = settingsSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`invalid Azure settings: ${problems}`);
  }
  const settings = parsed.data;
  if (settings.ENVBRANCH_AZURE === "off") {
    log.info(`Azure access is off (set ENVBRANCH_AZURE=on to enable): ${AZURE_FEATURES} are disabled`);
    return null;
  }
  const cloud: AzureCloud = settings.ENVBRANCH_AZURE_CLOUD;
  const credential = new DefaultAzureCredential({ authorityHost: CLOUD_ENDPOINTS[cloud].authorityHost });
  log.info({ cloud }, "Azure access is on");
  return {
    credential,
    ...(settings.ENVBRANCH_ARM_ENDPOINT ? { resourceManagerEndpoint: settings.ENVBRANCH_ARM_ENDPOINT } : {}),
    state: {
      credential,
      ...(settings.ENVBRANCH_BLOB_ENDPOINT ? { blobEndpoint: settings.ENVBRANCH_BLOB_ENDPOINT } : {}),
      ...(settings.ENVBRANCH_BLOB_ACCOUNT_KEY ? { accountKey: settings.ENVBRANCH_BLOB_ACCOUNT_KEY } : {}),
    },
  };
}
