import { ClientSecretCredential } from "@azure/identity";
import nock from "nock";

/** The tenant, subscription and identities of the doctor tests' config. */
export const TENANT = "11111111-1111-1111-1111-111111111111";
export const SUBSCRIPTION = "00000000-0000-0000-0000-000000000001";
export const APPLY_CLIENT = "00000000-0000-0000-0000-00000000a001";
export const APPLY_PRINCIPAL = "00000000-0000-0000-0000-00000000b001";
export const PLAN_CLIENT = "00000000-0000-0000-0000-00000000a002";
export const PLAN_PRINCIPAL = "00000000-0000-0000-0000-00000000b002";
export const STATE_GROUP = "rg-tfstate";
export const ARM = "https://management.azure.com";
export const GRAPH = "https://graph.microsoft.com";
const LOGIN = "https://login.microsoftonline.com";
const JSON_HEADERS = { "content-type": "application/json; charset=utf-8" };

/** Entra ID client credentials whose token requests go to the mocked login endpoint. */
export function testCredential(): ClientSecretCredential {
  return new ClientSecretCredential(TENANT, "22222222-2222-2222-2222-222222222222", "test-secret", { disableInstanceDiscovery: true });
}

/** The token endpoint, once for each resource asked for (MSAL caches a token per scope). */
export function mockLogin(resources: readonly ("arm" | "graph")[]): nock.Scope {
  return nock(LOGIN)
    .post(`/${TENANT}/oauth2/v2.0/token`)
    .query(true)
    .times(resources.length)
    .reply(200, { token_type: "Bearer", expires_in: 3600, ext_expires_in: 3600, access_token: "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.dGVzdC10b2tlbi1wYXlsb2Fk.c2lnbmF0dXJl" });
}

/** A user-assigned identity as Resource Manager lists it. */
export function armIdentity(name: string, clientId: string, principalId: string) {
  return {
    id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/${STATE_GROUP}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`,
    name,
    type: "Microsoft.ManagedIdentity/userAssignedIdentities",
    location: "westeurope",
    tags: {},
    properties: { tenantId: TENANT, principalId, clientId },
  };
}

/** A federated identity credential of a managed identity, as Resource Manager lists it. */
export function armCredential(identity: string, name: string, subject: string, audiences = ["api://AzureADTokenExchange"], issuer = "https://token.actions.githubusercontent.com") {
  return {
    id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/${STATE_GROUP}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${identity}/federatedIdentityCredentials/${name}`,
    name,
    type: "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials",
    properties: { issuer, subject, audiences },
  };
}

/** A role assignment as Resource Manager lists it. */
export function roleAssignment(principalId: string, roleId: string, scope: string, condition: string | null = null) {
  const name = `${roleId.slice(0, 8)}-0000-4000-8000-${principalId.slice(-12)}`;
  return {
    id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
    name,
    type: "Microsoft.Authorization/roleAssignments",
    properties: {
      roleDefinitionId: `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/${roleId}`,
      principalId,
      principalType: "ServicePrincipal",
      scope,
      condition,
      conditionVersion: condition ? "2.0" : null,
      createdOn: "2026-01-05T10:00:00.0000000Z",
      updatedOn: "2026-01-05T10:00:00.0000000Z",
      createdBy: "00000000-0000-0000-0000-0000000000c1",
      updatedBy: "00000000-0000-0000-0000-0000000000c1",
      delegatedManagedIdentityResourceId: null,
      description: null,
    },
  };
}

/** A resource provider as Resource Manager lists it. */
export function provider(namespace: string, registrationState: string) {
  return { id: `/subscriptions/${SUBSCRIPTION}/providers/${namespace}`, namespace, registrationState, registrationPolicy: "RegistrationRequired", resourceTypes: [] };
}

/** A federated identity credential of an app registration, as Microsoft Graph lists it. */
export function graphCredential(name: string, subject: string) {
  return { id: `${name}-0000-4000-8000-000000000000`.slice(0, 36), name, issuer: "https://token.actions.githubusercontent.com", subject, description: null, audiences: ["api://AzureADTokenExchange"] };
}

/** A list page: Resource Manager's `{ value, nextLink? }`. */
export function armPage(value: unknown[], nextLink?: string) {
  return nextLink ? { value, nextLink } : { value };
}

/** Resource Manager, with the query each call must carry. */
export function mockArm(): nock.Scope {
  return nock(ARM);
}

/** Mocks `GET path?api-version=...` (and `$filter` when given) with a JSON answer. */
export function armGet(scope: nock.Scope, path: string, apiVersion: string, status: number, body: unknown, filter?: string): nock.Scope {
  return scope
    .get(path)
    .query((q) => q["api-version"] === apiVersion && (filter === undefined || q.$filter === filter))
    .reply(status, JSON.stringify(body), JSON_HEADERS);
}

/** Microsoft Graph. */
export function mockGraph(): nock.Scope {
  return nock(GRAPH);
}

/** A Graph or Resource Manager error body. */
export function errorBody(code: string, message: string) {
  return { error: { code, message } };
}

/** The requests nock saw that no interceptor answered. */
export function expectAllMocksUsed(...scopes: nock.Scope[]): void {
  for (const scope of scopes) scope.done();
}
