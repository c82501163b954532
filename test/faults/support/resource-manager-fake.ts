import { ClientSecretCredential } from "@azure/identity";
import nock from "nock";
import type { AzureAccess } from "../../../app/adapters/azure/azure-access.js";
import type { Azurite } from "../../support/azurite.js";

/** The Entra ID tenant and subscription of the test config (test/support/test-config.ts). */
export const TENANT = "11111111-1111-1111-1111-111111111111";
export const SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
const ARM = "https://management.azure.com";
const GROUP = "rg-helloworld-alice";
const TAGS = { environment: "alice", repository: "Codertocat/Hello-World", "managed-by": "envbranch" };

/** The app's Azure access for the test: Entra ID client credentials (mocked), state in Azurite. */
export function azureAccess(azurite: Pick<Azurite, "endpoint" | "key">): AzureAccess {
  const credential = new ClientSecretCredential(TENANT, "22222222-2222-2222-2222-222222222222", "test-secret", { disableInstanceDiscovery: true });
  return { credential, state: { blobEndpoint: azurite.endpoint, accountKey: azurite.key } };
}

/** A failure as Resource Manager sends it. */
export interface ArmFault {
  name: string;
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/** The Resource Manager fault classes: a server error, and throttling with the wait it asks for. */
export const ARM_FAULTS: readonly ArmFault[] = [
  {
    name: "500",
    status: 500,
    body: { error: { code: "InternalServerError", message: "Encountered internal server error. Diagnostic information: tracking id '6c1f7c54-0000-4000-8000-000000000000'." } },
    headers: { "x-ms-failure-cause": "gateway" },
  },
  {
    name: "429 retry-after",
    status: 429,
    body: { error: { code: "TooManyRequests", message: "The request is being throttled as the limit has been reached for operation type - Write_Subscription." } },
    headers: { "retry-after": "1", "x-ms-ratelimit-remaining-subscription-writes": "0" },
  },
];

/** The Resource Manager calls of a teardown of rg-helloworld-alice, in order. */
export type ArmCall = "list" | "delete" | "poll";
export const ARM_CALLS: readonly ArmCall[] = ["list", "delete", "poll"];

/** Retries of the Azure SDK's default pipeline policy (core-rest-pipeline's maxRetries). */
export const MAX_ARM_RETRIES = 3;

/** The mocked endpoints, and how many requests reached each Resource Manager call. */
export interface ResourceManagerFake {
  login: nock.Scope;
  arm: nock.Scope;
  requests: Record<ArmCall, number>;
}

/**
 * Entra ID's token endpoint and Resource Manager at the HTTP edge, shaped like their real answers:
 * the tag-filtered resource group listing, the long-running delete (202 and a Location to poll) and
 * its completion. With `fault`, call `at` first fails `times` times; when that is more than the SDK
 * retries, the calls after it are not offered (the teardown must stop there).
 */
export function mockResourceManager(fault?: { at: ArmCall; fault: ArmFault; times: number }): ResourceManagerFake {
  const requests: Record<ArmCall, number> = { list: 0, delete: 0, poll: 0 };
  const login = nock("https://login.microsoftonline.com")
    .post(`/${TENANT}/oauth2/v2.0/token`)
    .query(true)
    .reply(200, { token_type: "Bearer", expires_in: 3600, ext_expires_in: 3600, access_token: "arm-token" });
  const arm = nock(ARM);
  const routes: Record<ArmCall, () => nock.Interceptor> = {
    list: () => arm.get(`/subscriptions/${SUBSCRIPTION}/resourcegroups`).query((q) => q.$filter === "tagName eq 'environment' and tagValue eq 'alice'"),
    delete: () => arm.delete(`/subscriptions/${SUBSCRIPTION}/resourcegroups/${GROUP}`).query(true),
    poll: () => arm.get(`/subscriptions/${SUBSCRIPTION}/operationresults/op-${GROUP}`).query(true),
  };
  const answers: Record<ArmCall, nock.ReplyFnResult> = {
    list: [200, { value: [{ id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/${GROUP}`, name: GROUP, type: "Microsoft.Resources/resourceGroups", location: "westeurope", tags: TAGS, properties: { provisioningState: "Succeeded" } }] }],
    delete: [202, "", { location: `${ARM}/subscriptions/${SUBSCRIPTION}/operationresults/op-${GROUP}?api-version=2022-09-01`, "retry-after": "0" }],
    poll: [200, ""],
  };
  for (const call of ARM_CALLS) {
    if (fault?.at === call) {
      routes[call]()
        .times(fault.times)
        .reply(() => (requests[call]++, [fault.fault.status, JSON.stringify(fault.fault.body), { "content-type": "application/json; charset=utf-8", ...fault.fault.headers }]));
      if (fault.times > MAX_ARM_RETRIES) break;
    }
    routes[call]().reply(() => (requests[call]++, answers[call]));
  }
  return { login, arm, requests };
}
