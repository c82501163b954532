import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ARM_CALLS, GRAPH_CALLS } from "../../app/doctor/gather/doctor-endpoints.js";
import { APPLY_CLIENT, APPLY_PRINCIPAL, armCredential, armIdentity, graphCredential, provider, roleAssignment, SUBSCRIPTION } from "./support/azure-edge.js";

// Doctor's calls and the answers its tests mock, against what the Azure SDKs' generated specs and
// Graph's CSDL say (test/fixtures/azure-api/doctor-api-shapes.json, from scripts/extract-doctor-api-shapes.ts).
interface CallShape {
  method?: string;
  path: string | null;
  apiVersion?: string;
  pageLink: string | null;
  fields: string[];
}
const fixture = JSON.parse(readFileSync(new URL("../fixtures/azure-api/doctor-api-shapes.json", import.meta.url), "utf8")) as {
  resourceManager: Record<keyof typeof ARM_CALLS, CallShape>;
  graph: Record<keyof typeof GRAPH_CALLS, CallShape>;
};

/** The serialized names of an answer's item: top-level keys, and `properties.x` for Resource Manager's property bag. */
function fieldsOf(item: object): string[] {
  return Object.entries(item).flatMap(([key, value]) => (key === "properties" && value && typeof value === "object" ? Object.keys(value).map((k) => `properties.${k}`) : [key]));
}

/** What gather/*.ts reads of each answer's items. */
const READS: Record<keyof typeof ARM_CALLS | keyof typeof GRAPH_CALLS, string[]> = {
  userAssignedIdentities: ["id", "properties.clientId", "properties.principalId"],
  federatedIdentityCredentials: ["name", "properties.issuer", "properties.subject", "properties.audiences"],
  roleAssignments: ["properties.roleDefinitionId", "properties.scope", "properties.condition"],
  providers: ["namespace", "registrationState"],
  applicationFederatedIdentityCredentials: ["name", "issuer", "subject", "audiences"],
  servicePrincipal: ["id"],
};

const MOCKED: Record<keyof typeof ARM_CALLS | "applicationFederatedIdentityCredentials", object> = {
  userAssignedIdentities: armIdentity("id-envbranch-shop", APPLY_CLIENT, APPLY_PRINCIPAL),
  federatedIdentityCredentials: armCredential("id-envbranch-shop", "env-alice", "repo:octo/shop:ref:refs/heads/env-alice"),
  roleAssignments: roleAssignment(APPLY_PRINCIPAL, "b24988ac-6180-42a0-ab88-20f7382dd24c", `/subscriptions/${SUBSCRIPTION}`),
  providers: provider("Microsoft.App", "Registered"),
  applicationFederatedIdentityCredentials: graphCredential("env-alice", "repo:octo/shop:ref:refs/heads/env-alice"),
};

describe("doctor's Resource Manager calls", () => {
  it.each(Object.keys(ARM_CALLS) as (keyof typeof ARM_CALLS)[])("%s: the path and api-version of the SDK's operation, paged by nextLink", (name) => {
    const shape = fixture.resourceManager[name];
    expect({ method: "GET", path: ARM_CALLS[name].path, apiVersion: ARM_CALLS[name].apiVersion, pageLink: "nextLink" }).toEqual({ method: shape.method, path: shape.path, apiVersion: shape.apiVersion, pageLink: shape.pageLink });
    expect(shape.fields).toEqual(expect.arrayContaining(READS[name]));
    expect(shape.fields).toEqual(expect.arrayContaining(fieldsOf(MOCKED[name])));
  });
});

describe("doctor's Microsoft Graph calls", () => {
  it.each(Object.keys(GRAPH_CALLS) as (keyof typeof GRAPH_CALLS)[])("%s: a path the v1.0 schema has, reading only its properties", (name) => {
    const shape = fixture.graph[name];
    expect(GRAPH_CALLS[name].path).toBe(shape.path);
    expect(shape.fields).toEqual(expect.arrayContaining(READS[name]));
  });

  it("mocks federated credentials with the v1.0 properties only", () => {
    expect(fixture.graph.applicationFederatedIdentityCredentials.fields).toEqual(expect.arrayContaining(fieldsOf(MOCKED.applicationFederatedIdentityCredentials)));
  });
});
