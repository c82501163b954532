/** A federated identity credential as Resource Manager or Microsoft Graph lists it. */
export interface FederatedCredential {
  name: string;
  issuer: string;
  /** Null for a flexible credential, whose claims expression the stable APIs do not return. */
  subject: string | null;
  audiences: string[];
}

/** What Azure says about the identity with a client id. */
export type IdentityFacts =
  | { kind: "managed-identity"; clientId: string; principalId: string; name: string; resourceGroup: string; subscriptionId: string }
  | { kind: "app-registration"; clientId: string; principalId: string }
  | { kind: "not-found"; clientId: string }
  | { kind: "unreadable"; clientId: string; reason: string };

/** An identity that was found. */
export type FoundIdentity = Extract<IdentityFacts, { kind: "managed-identity" | "app-registration" }>;

/** A role assignment of a principal, at, above or below the subscription. */
export interface RoleAssignmentFact {
  /** The role definition's GUID (the last segment of its id). */
  roleId: string;
  scope: string;
  condition: string | null;
}

/** A resource provider of the subscription and its registration state (`Registered`, `NotRegistered`, `Registering`, ...). */
export interface ProviderFact {
  namespace: string;
  registrationState: string;
}

/** What the state probe found, reaching the state container the way Terraform does. */
export interface StateFacts {
  container: "exists" | "missing" | "no-account" | "denied" | "unreachable";
  /** The storage service's error code or message, when the container could not be read. */
  containerDetail: string | null;
  /** Whether the state blob is leased now; `no-state` before the first apply. */
  lock: "free" | "held" | "no-state" | "unknown";
  lease: "taken" | "denied" | "failed" | "not-tried";
  leaseDetail: string | null;
}

/** What the stack's top-level `.tf` files say. */
export interface StackFacts {
  /** `resource_providers_to_register` of the azurerm provider block, or null when the stack sets none. */
  providers: string[] | null;
  /** Whether the stack itself declares `azurerm_role_assignment` resources (the container-apps stack does). */
  declaresRoleAssignments: boolean;
}
