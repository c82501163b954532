import type { RoleAssignmentFact } from "../doctor-facts.js";
import type { RestClient } from "./azure-rest.js";
import { ARM_CALLS, armUrl } from "./doctor-endpoints.js";

interface ArmRoleAssignment {
  properties?: { roleDefinitionId?: string; scope?: string; condition?: string | null };
}

/** The principal's role assignments at, above or below the subscription (`$filter=principalId eq`). */
export async function gatherRoleAssignments(principalId: string, subscriptionId: string, arm: RestClient, signal: AbortSignal): Promise<RoleAssignmentFact[]> {
  const url = armUrl(ARM_CALLS.roleAssignments, { subscriptionId }, { $filter: `principalId eq '${principalId.replace(/'/g, "''")}'` });
  const assignments = (await arm.list(url, signal)) as ArmRoleAssignment[];
  return assignments.map((a) => ({
    roleId: (a.properties?.roleDefinitionId ?? "").split("/").pop()!.toLowerCase(),
    scope: a.properties?.scope ?? "",
    condition: a.properties?.condition || null,
  }));
}
