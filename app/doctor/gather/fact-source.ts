import type { TokenCredential } from "@azure/core-auth";
import type { ContainerClient } from "@azure/storage-blob";
import { CLOUD_ENDPOINTS } from "../../adapters/azure/azure-clouds.js";
import { readStateAccountProtection, type StateAccountProtection } from "../../adapters/azure/state-account-protection.js";
import type { FederatedCredential, FoundIdentity, IdentityFacts, ProviderFact, RoleAssignmentFact, StackFacts, StateFacts } from "../doctor-facts.js";
import type { DoctorTarget } from "../doctor-target.js";
import { restClient } from "./azure-rest.js";
import { gatherCredentials, gatherIdentity, listManagedIdentities } from "./gather-identity.js";
import { gatherProviders } from "./gather-providers.js";
import { gatherRoleAssignments } from "./gather-role-assignments.js";
import { probeState } from "./probe-state.js";
import { readStack } from "./read-stack.js";

/** What doctor reaches Azure and the checkout with; passed in, so tests use Azurite and a mocked edge. */
export interface DoctorDeps {
  credential: TokenCredential;
  stateContainer(): Promise<ContainerClient>;
  /** The stack's directory in the checkout. */
  stackDir: string;
}

/** The facts the checks decide on, each gathered once however many checks ask. */
export interface FactSource {
  identity(clientId: string): Promise<IdentityFacts>;
  credentials(identity: FoundIdentity): Promise<FederatedCredential[]>;
  roleAssignments(principalId: string): Promise<RoleAssignmentFact[]>;
  providers(): Promise<ProviderFact[]>;
  state(): Promise<StateFacts>;
  /** The state account's soft delete and versioning, read from Resource Manager. */
  stateProtection(): Promise<StateAccountProtection>;
  stack(): Promise<StackFacts>;
}

/** Gathers lazily, through Resource Manager and Microsoft Graph of the target's cloud; `signal` ends every call. */
export function createFactSource(target: DoctorTarget, deps: DoctorDeps, signal: AbortSignal): FactSource {
  const endpoints = CLOUD_ENDPOINTS[target.cloud];
  const arm = restClient(endpoints.resourceManager, `${endpoints.resourceManager}/.default`, deps.credential);
  const graph = restClient(endpoints.graph, `${endpoints.graph}/.default`, deps.credential);
  const once = <K, V>(make: (key: K) => Promise<V>) => {
    const cache = new Map<K, Promise<V>>();
    return (key: K) => {
      if (!cache.has(key)) cache.set(key, make(key));
      return cache.get(key)!;
    };
  };
  const managedIdentities = once(() => listManagedIdentities(target.subscriptionId, arm, signal));
  const clients = { arm, graph, managedIdentities: () => managedIdentities(null) };
  const identity = once((clientId: string) => gatherIdentity(clientId, target.subscriptionId, clients, signal));
  const credentials = (found: FoundIdentity) => gatherCredentials(found, clients, signal);
  const roleAssignments = once((principalId: string) => gatherRoleAssignments(principalId, target.subscriptionId, arm, signal));
  const providers = once(() => gatherProviders(target.subscriptionId, arm, signal));
  const state = once(async () => probeState(await deps.stateContainer(), target.state.key, target.probeLease, signal));
  const stack = once(() => readStack(deps.stackDir));
  const { subscriptionId, state: { resourceGroup, storageAccount } } = target;
  const stateProtection = once(() => readStateAccountProtection(async (id, apiVersion) => (await arm.get(`/${id}?api-version=${apiVersion}`, signal)) as { properties?: unknown }, { subscriptionId, resourceGroup, storageAccount }));
  return { identity, credentials, roleAssignments, providers: () => providers(null), state: () => state(null), stateProtection: () => stateProtection(null), stack: () => stack(null) };
}
