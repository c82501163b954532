import { join } from "node:path";
import nock from "nock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { ARM_CALLS } from "../../app/doctor/gather/doctor-endpoints.js";
import type { FailureInput } from "../../app/runner/build-result.js";
import { checksFor, diagnoseFailure } from "../../app/runner/diagnose-failure.js";
import { armGet, armPage, errorBody, expectAllMocksUsed, mockArm, mockLogin, provider, SUBSCRIPTION, testCredential } from "../doctor/support/azure-edge.js";
import { testSpec } from "../support/terraform-azurite/test-checkout.js";

// A failed run's explanation, followed by what the doctor checks that can explain it found.
const spec = testSpec("env-alice", { storageAccount: "sttfstate", container: "tfstate" });
const PROVIDERS = `/subscriptions/${SUBSCRIPTION}/providers`;
const CONTAINER_APPS = join(import.meta.dirname, "../../terraform-templates/container-apps");
const MISSING_APP =
  "`terraform apply` failed part-way, so the environment may be half-changed. Terraform said: Error: creating Managed Environment (Subscription: \"00000000-0000-0000-0000-000000000001\" Resource Group Name: \"rg-demoapp-alice\"): unexpected status 409 (409 Conflict) with error: MissingSubscriptionRegistration: The subscription is not registered to use namespace 'Microsoft.App'.";

function failure(kind: FailureInput["kind"], explanation: string): FailureInput {
  return { kind, step: "apply", explanation, lock: null };
}

function context(lines: string[]) {
  return {
    spec,
    stackDir: CONTAINER_APPS,
    log: { info: (line: string) => void lines.push(line), out: () => {}, err: () => {} },
    stateContainer: () => Promise.reject(new Error("no state storage in this test")),
  };
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe("which doctor checks explain a failure", () => {
  it.each([
    ["init-failed", 'Error: Failed to get existing workspaces: containers.Client#ListBlobs: StatusCode=403 Code="AuthorizationPermissionMismatch"', ["state-storage", "roles"]],
    ["init-failed", "Error: storage account not found: no such host", ["state-storage"]],
    ["state-access-failed", "The runner could not read or change the state blob.", ["state-storage"]],
    ["apply-failed", MISSING_APP, ["resource-providers"]],
    ["plan-failed", "Error: AuthorizationFailed: The client 'x' with object id 'y' does not have authorization to perform action 'Microsoft.Resources/subscriptions/resourcegroups/read'", ["roles"]],
    ["apply-failed", "Error: AADSTS700213: No matching federated identity record found for presented assertion subject", ["federated-credentials"]],
    ["apply-failed", "Error: creating Container App: the image could not be pulled", []],
    ["state-locked", "Error acquiring the state lock: AuthorizationFailed", []],
    ["cancelled", "MissingSubscriptionRegistration", []],
  ] as const)("%s: %s", (kind, explanation, checks) => {
    expect(checksFor({ kind, explanation })).toEqual(checks);
  });
});

describe("diagnoseFailure", () => {
  it("adds the failed check and its fix command to the explanation the check run shows", async () => {
    const login = mockLogin(["arm"]);
    const arm = mockArm();
    const registered = ["Microsoft.AlertsManagement", "Microsoft.Authorization", "Microsoft.Cache", "Microsoft.ContainerRegistry", "Microsoft.DBforMySQL", "Microsoft.DBforPostgreSQL", "Microsoft.DocumentDB", "Microsoft.Insights", "Microsoft.KeyVault", "Microsoft.ManagedIdentity", "Microsoft.OperationalInsights", "Microsoft.Sql", "Microsoft.Storage"];
    armGet(arm, PROVIDERS, ARM_CALLS.providers.apiVersion, 200, armPage([provider("Microsoft.App", "NotRegistered"), ...registered.map((n) => provider(n, "Registered"))]));
    const lines: string[] = [];
    const diagnosed = await diagnoseFailure(context(lines), failure("apply-failed", MISSING_APP), {}, { credential: testCredential() });
    expectAllMocksUsed(login, arm);
    expect(diagnosed.kind).toBe("apply-failed");
    expect(diagnosed.explanation.startsWith(`${MISSING_APP}\n\nenvbranch doctor found: ✗ resource provider Microsoft.App: is NotRegistered`)).toBe(true);
    expect(diagnosed.explanation).toContain(`Fix: \`az provider register --namespace Microsoft.App --subscription ${SUBSCRIPTION}\``);
    // Only what is wrong reaches the check run; the log has every finding.
    expect(diagnosed.explanation).not.toContain("Microsoft.Storage");
    expect(lines).toContain(`doctor: ✗ resource provider Microsoft.App: is NotRegistered in subscription ${SUBSCRIPTION}, so creating its resources fails with MissingSubscriptionRegistration. Fix: az provider register --namespace Microsoft.App --subscription ${SUBSCRIPTION}`);
  });

  it("says it could not check when Azure answers with an error, and lets no token through", async () => {
    const login = mockLogin(["arm"]);
    const arm = mockArm();
    armGet(arm, PROVIDERS, ARM_CALLS.providers.apiVersion, 403, errorBody("AuthorizationFailed", "The client presented Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.c2VjcmV0.c2ln and has no access."));
    const diagnosed = await diagnoseFailure(context([]), failure("apply-failed", MISSING_APP), {}, { credential: testCredential() });
    expectAllMocksUsed(login, arm);
    expect(diagnosed.explanation).toContain("envbranch doctor found: ? resource providers: could not check: GET /subscriptions/");
    expect(diagnosed.explanation).toContain("403 AuthorizationFailed");
    expect(diagnosed.explanation).not.toContain("eyJ0eXAi");
  });

  it("gives up at its time-out and returns the failure as it was, never worse", async () => {
    const login = mockLogin(["arm"]);
    const arm = mockArm();
    arm.get(PROVIDERS).query(true).delay(2_000).reply(200, armPage([]));
    const started = Date.now();
    const diagnosed = await diagnoseFailure(context([]), failure("apply-failed", MISSING_APP), {}, { credential: testCredential(), timeoutMs: 300 });
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(login.isDone() && arm.isDone()).toBe(true);
    expect(diagnosed).toEqual(failure("apply-failed", `${MISSING_APP}\n\nenvbranch doctor found: ? resource providers: no answer within 300ms.`));
  });

  it("leaves a failure no check explains untouched, without reaching Azure", async () => {
    const original = failure("apply-failed", "Error: creating Container App: the image could not be pulled");
    expect(await diagnoseFailure(context([]), original, {}, { credential: testCredential() })).toBe(original);
  });
});
