/**
 * The Resource Manager and Microsoft Graph calls doctor makes. test/doctor/api-shapes.test.ts checks
 * each against test/fixtures/azure-api/doctor-api-shapes.json (made by scripts/extract-doctor-api-shapes.ts
 * from the Azure SDKs' generated operation specs and Graph's v1.0 CSDL), as are the fields read from their answers.
 */
export const ARM_CALLS = {
  userAssignedIdentities: { path: "/subscriptions/{subscriptionId}/providers/Microsoft.ManagedIdentity/userAssignedIdentities", apiVersion: "2024-11-30" },
  federatedIdentityCredentials: {
    path: "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{resourceName}/federatedIdentityCredentials",
    apiVersion: "2024-11-30",
  },
  roleAssignments: { path: "/subscriptions/{subscriptionId}/providers/Microsoft.Authorization/roleAssignments", apiVersion: "2022-04-01" },
  providers: { path: "/subscriptions/{subscriptionId}/providers", apiVersion: "2025-03-01" },
} as const;

export const GRAPH_CALLS = {
  applicationFederatedIdentityCredentials: { path: "/v1.0/applications(appId='{appId}')/federatedIdentityCredentials" },
  servicePrincipal: { path: "/v1.0/servicePrincipals(appId='{appId}')" },
} as const;

/** A call's path with its parameters filled in: path segments URL-encoded, OData keys with quotes doubled. */
export function fillPath(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for {${name}} in ${template}`);
    return encodeURIComponent(value.replace(/'/g, "''"));
  });
}

/** A Resource Manager call's path and query string. */
export function armUrl(call: { path: string; apiVersion: string }, values: Record<string, string>, query: Record<string, string> = {}): string {
  const search = new URLSearchParams({ "api-version": call.apiVersion, ...query });
  return `${fillPath(call.path, values)}?${search.toString()}`;
}
