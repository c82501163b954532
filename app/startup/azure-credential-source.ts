import type { StartupEnv } from "./startup-facts.js";
import { valueOf } from "./startup-facts.js";

/** The values `AZURE_TOKEN_CREDENTIALS` takes in @azure/identity 4.13 (compared trimmed, lower-cased). */
export const AZURE_TOKEN_CREDENTIALS_VALUES = [
  "prod",
  "dev",
  "EnvironmentCredential",
  "WorkloadIdentityCredential",
  "ManagedIdentityCredential",
  "VisualStudioCodeCredential",
  "AzureCliCredential",
  "AzurePowerShellCredential",
  "AzureDeveloperCliCredential",
] as const;

/**
 * Which source DefaultAzureCredential will find, judged from the environment alone, or null.
 * A service principal (tenant, client, and a secret or certificate), AKS workload identity (the
 * federated token file with its client and tenant), a managed identity whose host announces it
 * (App Service, Container Apps and Functions set IDENTITY_ENDPOINT, Cloud Shell MSI_ENDPOINT,
 * Service Fabric IDENTITY_SERVER_THUMBPRINT), or an explicit `AZURE_TOKEN_CREDENTIALS` choice.
 * A virtual machine's managed identity answers on IMDS and announces nothing, so it must be
 * declared (`AZURE_TOKEN_CREDENTIALS=ManagedIdentityCredential`): guessing it from silence would
 * let a forgotten secret pass the check and fail at the first deletion instead.
 */
export function findAzureCredentialSource(env: StartupEnv): string | null {
  const set = (...names: string[]) => names.every((name) => valueOf(env, name) !== undefined);
  if (set("AZURE_TOKEN_CREDENTIALS")) return `AZURE_TOKEN_CREDENTIALS=${valueOf(env, "AZURE_TOKEN_CREDENTIALS")}`;
  if (set("AZURE_FEDERATED_TOKEN_FILE", "AZURE_CLIENT_ID", "AZURE_TENANT_ID")) return "workload identity";
  if (set("AZURE_TENANT_ID", "AZURE_CLIENT_ID") && (set("AZURE_CLIENT_SECRET") || set("AZURE_CLIENT_CERTIFICATE_PATH"))) return "service principal";
  if (set("IDENTITY_ENDPOINT") || set("MSI_ENDPOINT") || set("IDENTITY_SERVER_THUMBPRINT")) return "managed identity";
  return null;
}

/** The fix named when `ENVBRANCH_AZURE=on` finds no credential source. */
export const AZURE_CREDENTIAL_FIX =
  "give the app an Azure identity: a managed identity (on a VM also set AZURE_TOKEN_CREDENTIALS=ManagedIdentityCredential), " +
  "workload identity (AZURE_FEDERATED_TOKEN_FILE, AZURE_CLIENT_ID, AZURE_TENANT_ID), or a service principal " +
  "(AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET); or set ENVBRANCH_AZURE=off";
