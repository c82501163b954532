import nock from "nock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { ARM_CALLS } from "../../app/doctor/gather/doctor-endpoints.js";
import { runDoctor } from "../../app/doctor/run-doctor.js";
import {
  APPLY_CLIENT,
  APPLY_PRINCIPAL,
  armCredential,
  armGet,
  armIdentity,
  armPage,
  errorBody,
  expectAllMocksUsed,
  graphCredential,
  mockArm,
  mockGraph,
  mockLogin,
  PLAN_CLIENT,
  PLAN_PRINCIPAL,
  STATE_GROUP,
  SUBSCRIPTION,
  testCredential,
} from "./support/azure-edge.js";
import { noStateContainer, testTarget } from "./support/test-target.js";

const IDENTITIES = `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.ManagedIdentity/userAssignedIdentities`;
const credentialsOf = (name: string) => `/subscriptions/${SUBSCRIPTION}/resourceGroups/${STATE_GROUP}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}/federatedIdentityCredentials`;
const V = ARM_CALLS.userAssignedIdentities.apiVersion;

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

function doctor() {
  return runDoctor(testTarget(), { credential: testCredential(), stateContainer: noStateContainer, stackDir: "." }, { checks: ["federated-credentials"], timeoutMs: 10_000 });
}

describe("the federated credentials check", () => {
  it("passes the subjects a managed identity trusts and gives the exact command for the ones it lacks", async () => {
    const login = mockLogin(["arm"]);
    const arm = mockArm();
    // The identity list comes in two pages, as Resource Manager pages long lists.
    armGet(arm, IDENTITIES, V, 200, armPage([armIdentity("id-other", "99999999-0000-0000-0000-000000000000", "99999999-0000-0000-0000-000000000001")], `https://management.azure.com${IDENTITIES}?api-version=${V}&$skiptoken=page2`));
    arm.get(IDENTITIES).query((q) => q.$skiptoken === "page2").reply(200, armPage([armIdentity("id-envbranch-shop", APPLY_CLIENT, APPLY_PRINCIPAL), armIdentity("id-envbranch-shop-plan", PLAN_CLIENT, PLAN_PRINCIPAL)]));
    armGet(arm, credentialsOf("id-envbranch-shop"), V, 200, armPage([armCredential("id-envbranch-shop", "env-alice", "repo:octo/shop:ref:refs/heads/env-alice")]));
    armGet(arm, credentialsOf("id-envbranch-shop-plan"), V, 200, armPage([armCredential("id-envbranch-shop-plan", "envbranch-plan", "repo:octo/shop:environment:envbranch-plan", ["api://something-else"])]));
    const findings = await doctor();
    expectAllMocksUsed(login, arm);
    expect(findings.map((f) => [f.status, f.subject])).toEqual([
      ["pass", `apply identity ${APPLY_CLIENT} trusts repo:octo/shop:ref:refs/heads/env-alice`],
      ["fail", `apply identity ${APPLY_CLIENT} trusts repo:octo/shop:ref:refs/heads/main`],
      ["fail", `plan identity ${PLAN_CLIENT} trusts repo:octo/shop:environment:envbranch-plan`],
    ]);
    expect(findings[1]!.fix).toBe(
      `az identity federated-credential create -n default-branch -g rg-tfstate --identity-name id-envbranch-shop --subscription ${SUBSCRIPTION} --issuer https://token.actions.githubusercontent.com --audiences api://AzureADTokenExchange --subject repo:octo/shop:ref:refs/heads/main`,
    );
    expect(findings[2]!.problem).toContain("audiences api://something-else");
    expect(findings[2]!.fix).toMatch(/^az identity federated-credential update -n envbranch-plan -g rg-tfstate --identity-name id-envbranch-shop-plan /);
  });

  it("accepts the id form of the subject (OWNER@id/REPO@id) that newer repositories send", async () => {
    const login = mockLogin(["arm"]);
    const arm = mockArm();
    armGet(arm, IDENTITIES, V, 200, armPage([armIdentity("id-envbranch-shop", APPLY_CLIENT, APPLY_PRINCIPAL), armIdentity("id-envbranch-shop-plan", PLAN_CLIENT, PLAN_PRINCIPAL)]));
    armGet(arm, credentialsOf("id-envbranch-shop"), V, 200, armPage([
      armCredential("id-envbranch-shop", "env-alice", "repo:Octo@101/Shop@202:ref:refs/heads/env-alice"),
      armCredential("id-envbranch-shop", "default-branch", "repo:octo/shop:ref:refs/heads/main"),
    ]));
    armGet(arm, credentialsOf("id-envbranch-shop-plan"), V, 200, armPage([armCredential("id-envbranch-shop-plan", "envbranch-plan", "repo:octo/shop:environment:envbranch-plan")]));
    const findings = await doctor();
    expectAllMocksUsed(login, arm);
    expect(findings.map((f) => f.status)).toEqual(["pass", "pass", "pass"]);
  });

  it("finds an app registration through Microsoft Graph when no managed identity has the client id", async () => {
    const login = mockLogin(["arm", "graph"]);
    const arm = mockArm();
    armGet(arm, IDENTITIES, V, 200, armPage([]));
    const graph = mockGraph();
    graph.get(`/v1.0/applications(appId='${APPLY_CLIENT}')/federatedIdentityCredentials`).reply(200, { "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#applications('x')/federatedIdentityCredentials", value: [graphCredential("env-alice", "repo:octo/shop:ref:refs/heads/env-alice")] });
    graph.get(`/v1.0/servicePrincipals(appId='${APPLY_CLIENT}')`).query({ $select: "id" }).reply(200, { "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#servicePrincipals(id)/$entity", id: APPLY_PRINCIPAL });
    graph.get(`/v1.0/servicePrincipals(appId='${PLAN_CLIENT}')`).query({ $select: "id" }).reply(404, errorBody("Request_ResourceNotFound", `Resource '${PLAN_CLIENT}' does not exist or one of its queried reference-property objects are not present.`));
    const findings = await doctor();
    expectAllMocksUsed(login, arm, graph);
    expect(findings.map((f) => f.status)).toEqual(["pass", "fail", "fail"]);
    expect(findings[1]!.fix).toBe(
      `az ad app federated-credential create --id ${APPLY_CLIENT} --parameters '{"name":"default-branch","issuer":"https://token.actions.githubusercontent.com","subject":"repo:octo/shop:ref:refs/heads/main","audiences":["api://AzureADTokenExchange"]}'`,
    );
    expect(findings[2]!.problem).toContain(`no app registration has client id ${PLAN_CLIENT}`);
    expect(findings[2]!.fix).toBe(`az identity create -n id-envbranch-shop-plan -g rg-tfstate --subscription ${SUBSCRIPTION}`);
  });

  it("says it cannot tell, with Azure's reason, when the caller may not read the directory", async () => {
    const login = mockLogin(["arm", "graph"]);
    const arm = mockArm();
    armGet(arm, IDENTITIES, V, 200, armPage([]));
    const graph = mockGraph();
    const denied = errorBody("Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
    graph.get(`/v1.0/servicePrincipals(appId='${APPLY_CLIENT}')`).query({ $select: "id" }).reply(403, denied);
    graph.get(`/v1.0/servicePrincipals(appId='${PLAN_CLIENT}')`).query({ $select: "id" }).reply(403, denied);
    const findings = await doctor();
    expectAllMocksUsed(login, arm, graph);
    expect(findings.map((f) => f.status)).toEqual(["unknown", "unknown"]);
    expect(findings[0]!.problem).toContain("403 Authorization_RequestDenied: Insufficient privileges");
  });
});
