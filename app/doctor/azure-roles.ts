import type { DoctorIdentity, DoctorTarget } from "./doctor-target.js";
import type { RoleAssignmentFact, StackFacts } from "./doctor-facts.js";

/**
 * Built-in role definition GUIDs, the same in every tenant and cloud (Microsoft's "Azure built-in
 * roles" reference; README's conditions name the same GUIDs).
 */
export const ROLE_IDS = {
  Owner: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
  Contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
  Reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
  "User Access Administrator": "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
  "Role Based Access Control Administrator": "f58310d9-a9f6-439a-9e8d-f62e7b41a168",
  "Storage Blob Data Owner": "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
  "Storage Blob Data Contributor": "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
} as const;
export type RoleName = keyof typeof ROLE_IDS;

/** The roles the stacks grant (AcrPull, Key Vault Secrets User and Officer, Storage Blob Data Contributor): README step 2's condition. */
const GRANTED_ROLE_IDS = "7f951dda-4ed3-4680-a7ca-43fe172d538d, 4633458b-17de-408a-b874-0445c86b69e6, b86a8fe4-44ce-4948-aee5-eccb2c155cd7, ba92f5b4-2d11-453d-a403-e96b0029c9fe";
export const GRANT_CONDITION = `((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${GRANTED_ROLE_IDS}})) AND ((!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})) OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${GRANTED_ROLE_IDS}}))`;
/** README step 4's condition: the plan identity writes and deletes saved plans only. */
export const PLANS_ONLY_CONDITION = `((!(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write'}) AND !(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action'}) AND !(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete'})) OR (@Resource[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:path] StringLike '*/plans/*'))`;

/** A role an identity needs: any of `anyOf` at a scope covering `covers`; the fix grants `grant` at `grantScope`. */
export interface RoleNeed {
  what: string;
  anyOf: RoleName[];
  covers: string;
  /** Whether a conditioned assignment falls short (an apply must lease and write the state itself). */
  unconditioned: boolean;
  grant: RoleName;
  grantScope: string;
  grantCondition: string | null;
}

/** Resource ids of the scopes the checks look at. */
export function scopesOf(target: DoctorTarget): { subscription: string; environmentGroup: string; account: string; container: string } {
  const subscription = `/subscriptions/${target.subscriptionId}`;
  const account = `${subscription}/resourceGroups/${target.state.resourceGroup}/providers/Microsoft.Storage/storageAccounts/${target.state.storageAccount}`;
  return {
    subscription,
    environmentGroup: `${subscription}/resourceGroups/${target.environmentResourceGroup}`,
    account,
    container: `${account}/blobServices/default/containers/${target.state.container}`,
  };
}

/**
 * Whether the stack grants roles, so its identity needs to assign them: the stack declares role
 * assignments itself, or an add-on that does is on (a database, cache or Cosmos DB brings a Key
 * Vault; `storage` grants blob access; terraform-templates/README.md).
 */
export function stackGrantsRoles(stack: StackFacts, variables: Record<string, unknown>): boolean {
  if (stack.declaresRoleAssignments) return true;
  const database = variables.database;
  return (typeof database === "string" && database !== "none") || ["cache", "cosmos", "storage", "key_vault"].some((name) => variables[name] === true || variables[name] === "true");
}

/** What one identity needs, by what it is used for (README, "Set up Azure for the workflow"). */
export function roleNeeds(target: DoctorTarget, identity: DoctorIdentity, stack: StackFacts): RoleNeed[] {
  const scopes = scopesOf(target);
  const needs: RoleNeed[] = [];
  const blob = target.state.useAzureAdAuth;
  if (identity.uses.includes("apply")) {
    needs.push({ what: "create and change the environment's resources", anyOf: ["Owner", "Contributor"], covers: scopes.environmentGroup, unconditioned: false, grant: "Contributor", grantScope: scopes.subscription, grantCondition: null });
    if (blob) needs.push({ what: "read, write and lease the state", anyOf: ["Storage Blob Data Owner", "Storage Blob Data Contributor"], covers: scopes.container, unconditioned: true, grant: "Storage Blob Data Contributor", grantScope: scopes.account, grantCondition: null });
    if (stackGrantsRoles(stack, target.variables)) {
      needs.push({ what: "grant the roles the stack assigns", anyOf: ["Owner", "User Access Administrator", "Role Based Access Control Administrator"], covers: scopes.environmentGroup, unconditioned: false, grant: "Role Based Access Control Administrator", grantScope: scopes.subscription, grantCondition: GRANT_CONDITION });
    }
  }
  if (identity.uses.includes("plan") && !identity.uses.includes("apply")) {
    needs.push({ what: "read the environment's resources to plan", anyOf: ["Owner", "Contributor", "Reader"], covers: scopes.environmentGroup, unconditioned: false, grant: "Reader", grantScope: scopes.subscription, grantCondition: null });
    if (blob) needs.push({ what: "read the state and store saved plans", anyOf: ["Storage Blob Data Owner", "Storage Blob Data Contributor"], covers: scopes.container, unconditioned: false, grant: "Storage Blob Data Contributor", grantScope: scopes.container, grantCondition: PLANS_ONLY_CONDITION });
  }
  return needs;
}

/** Whether an assignment meets a need: one of its roles, at the target scope or above it. */
export function meets(assignment: RoleAssignmentFact, need: RoleNeed): boolean {
  if (need.unconditioned && assignment.condition) return false;
  const roleIds: string[] = need.anyOf.map((name) => ROLE_IDS[name]);
  return roleIds.includes(assignment.roleId.toLowerCase()) && scopeCovers(assignment.scope, need.covers);
}

/**
 * Whether `scope` is `target` or above it. Listed for the subscription, assignments at a management
 * group or the root are above it; resource ids compare without case, as Resource Manager does.
 */
function scopeCovers(scope: string, target: string): boolean {
  const s = scope.toLowerCase().replace(/\/+$/, "");
  const t = target.toLowerCase();
  if (s === "" || s.startsWith("/providers/microsoft.management/managementgroups/")) return true;
  return t === s || t.startsWith(`${s}/`);
}
