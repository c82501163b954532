import type { ProviderFact } from "../doctor-facts.js";
import type { RestClient } from "./azure-rest.js";
import { ARM_CALLS, armUrl } from "./doctor-endpoints.js";

/** The subscription's resource providers and their registration states. */
export async function gatherProviders(subscriptionId: string, arm: RestClient, signal: AbortSignal): Promise<ProviderFact[]> {
  const providers = (await arm.list(armUrl(ARM_CALLS.providers, { subscriptionId }), signal)) as { namespace?: string; registrationState?: string }[];
  return providers.filter((p) => p.namespace).map((p) => ({ namespace: p.namespace!, registrationState: p.registrationState ?? "NotRegistered" }));
}
