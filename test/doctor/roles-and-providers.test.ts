import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import nock from "nock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { GRANT_CONDITION, PLANS_ONLY_CONDITION, ROLE_IDS } from "../../app/doctor/azure-roles.js";
import { ARM_CALLS } from "../../app/doctor/gather/doctor-endpoints.js";
import { runDoctor } from "../../app/doctor/run-doctor.js";
import {
  APPLY_CLIENT,
  APPLY_PRINCIPAL,
  armGet,
  armIdentity,
  armPage,
  expectAllMocksUsed,
  mockArm,
  mockLogin,
  PLAN_CLIENT,
  PLAN_PRINCIPAL,
  provider,
  roleAssignment,
  SUBSCRIPTION,
  testCredential,
} from "./support/azure-edge.js";
import { noStateContainer, testTarget } from "./support/test-target.js";

const SUB = `/subscriptions/${SUBSCRIPTION}`;
const ACCOUNT = `${SUB}/resourceGroups/rg-tfstate/providers/Microsoft.Storage/storageAccounts/sttfstate`;
const CONTAINER = `${ACCOUNT}/blobServices/default/containers/tfstate`;
const ASSIGNMENTS = `${SUB}/providers/Microsoft.Authorization/roleAssignments`;
const TEMPLATES = join(import.meta.dirname, "../../terraform-templates");

let stackDir: string;
beforeAll(() => nock.disableNetConnect());
afterEach(async () => {
  nock.cleanAll();
  if (stackDir) await rm(stackDir, { recursive: true, force: true });
});

/** A repository's copy of a stack, as terraform-templates/README.md says to copy it (links followed). */
async function copyStack(name: string): Promise<string> {
  stackDir = await mkdtemp(join(tmpdir(), "envbranch-doctor-stack-"));
  await cp(join(TEMPLATES, name), stackDir, { recursive: true, dereference: true });
  return stackDir;
}

/** The arguments bash hands `az` when it runs a fix command. */
async function argvOf(command: string): Promise<string[]> {
  const { stdout } = await execa("bash", ["-c", `az() { printf '%s\\0' "$@"; }; ${command}`]);
  return stdout.split("\0").slice(0, -1);
}

function identities(arm: nock.Scope): void {
  armGet(arm, `${SUB}/providers/Microsoft.ManagedIdentity/userAssignedIdentities`, ARM_CALLS.userAssignedIdentities.apiVersion, 200, armPage([armIdentity("id-envbranch-shop", APPLY_CLIENT, APPLY_PRINCIPAL), armIdentity("id-envbranch-shop-plan", PLAN_CLIENT, PLAN_PRINCIPAL)]));
}

function assignments(arm: nock.Scope, principal: string, value: unknown[]): void {
  armGet(arm, ASSIGNMENTS, ARM_CALLS.roleAssignments.apiVersion, 200, armPage(value), `principalId eq '${principal}'`);
}

describe("the roles check", () => {
  it("passes an apply identity set up as the README says and names the one role a container-apps stack still needs", async () => {
    const login = mockLogin(["arm"]);
    const arm = mockArm();
    identities(arm);
    assignments(arm, APPLY_PRINCIPAL, [roleAssignment(APPLY_PRINCIPAL, ROLE_IDS.Contributor, SUB), roleAssignment(APPLY_PRINCIPAL, ROLE_IDS["Storage Blob Data Contributor"], ACCOUNT)]);
    assignments(arm, PLAN_PRINCIPAL, [roleAssignment(PLAN_PRINCIPAL, ROLE_IDS.Reader, SUB), roleAssignment(PLAN_PRINCIPAL, ROLE_IDS["Storage Blob Data Contributor"], CONTAINER, PLANS_ONLY_CONDITION)]);
    const findings = await runDoctor(testTarget(), { credential: testCredential(), stateContainer: noStateContainer, stackDir: await copyStack("container-apps") }, { checks: ["roles"], timeoutMs: 10_000 });
    expectAllMocksUsed(login, arm);
    expect(findings.map((f) => [f.status, f.subject])).toEqual([
      ["pass", `apply identity ${APPLY_CLIENT} may create and change the environment's resources`],
      ["pass", `apply identity ${APPLY_CLIENT} may read, write and lease the state`],
      ["fail", `apply identity ${APPLY_CLIENT} may grant the roles the stack assigns`],
      ["pass", `plan identity ${PLAN_CLIENT} may read the environment's resources to plan`],
      ["pass", `plan identity ${PLAN_CLIENT} may read the state and store saved plans`],
    ]);
    // Run through a real shell: the condition's quotes must reach az as one argument, unchanged.
    expect(await argvOf(findings[2]!.fix!)).toEqual(["role", "assignment", "create", "--assignee", APPLY_CLIENT, "--role", "Role Based Access Control Administrator", "--scope", SUB, "--condition", GRANT_CONDITION, "--condition-version", "2.0"]);
  });

  it("does not count a role held lower than it is needed, or an apply's blob role under a condition", async () => {
    const login = mockLogin(["arm"]);
    const arm = mockArm();
    identities(arm);
    // Contributor on another resource group; blob data restricted to saved plans.
    assignments(arm, APPLY_PRINCIPAL, [roleAssignment(APPLY_PRINCIPAL, ROLE_IDS.Contributor, `${SUB}/resourceGroups/rg-shop-bob`), roleAssignment(APPLY_PRINCIPAL, ROLE_IDS["Storage Blob Data Contributor"], CONTAINER, PLANS_ONLY_CONDITION)]);
    assignments(arm, PLAN_PRINCIPAL, []);
    const findings = await runDoctor(testTarget(), { credential: testCredential(), stateContainer: noStateContainer, stackDir: await copyStack("app-service") }, { checks: ["roles"], timeoutMs: 10_000 });
    expectAllMocksUsed(login, arm);
    expect(findings.map((f) => f.status)).toEqual(["fail", "fail", "fail", "fail"]);
    expect(findings[0]!.fix).toBe(`az role assignment create --assignee ${APPLY_CLIENT} --role Contributor --scope ${SUB}`);
    expect(findings[1]!.problem).toContain("without a condition");
    expect(findings[1]!.fix).toBe(`az role assignment create --assignee ${APPLY_CLIENT} --role 'Storage Blob Data Contributor' --scope ${ACCOUNT}`);
    expect(await argvOf(findings[3]!.fix!)).toEqual(["role", "assignment", "create", "--assignee", PLAN_CLIENT, "--role", "Storage Blob Data Contributor", "--scope", CONTAINER, "--condition", PLANS_ONLY_CONDITION, "--condition-version", "2.0"]);
  });

  it("counts a role assigned at a management group above the subscription", async () => {
    const login = mockLogin(["arm"]);
    const arm = mockArm();
    identities(arm);
    assignments(arm, APPLY_PRINCIPAL, [roleAssignment(APPLY_PRINCIPAL, ROLE_IDS.Owner, "/providers/Microsoft.Management/managementGroups/platform")]);
    const target = testTarget({ identities: [testTarget().identities[0]!], state: { ...testTarget().state, useAzureAdAuth: false } });
    const findings = await runDoctor(target, { credential: testCredential(), stateContainer: noStateContainer, stackDir: await copyStack("container-apps") }, { checks: ["roles"], timeoutMs: 10_000 });
    expectAllMocksUsed(login, arm);
    expect(findings.map((f) => f.status)).toEqual(["pass", "pass"]);
  });
});

describe("the resource providers check", () => {
  it("reads the providers the stack registers and gives the register command for each one missing", async () => {
    const login = mockLogin(["arm"]);
    const arm = mockArm();
    const dir = await copyStack("container-apps");
    const registered = ["Microsoft.AlertsManagement", "Microsoft.Authorization", "Microsoft.Cache", "Microsoft.ContainerRegistry", "Microsoft.DBforMySQL", "Microsoft.DBforPostgreSQL", "Microsoft.DocumentDB", "Microsoft.Insights", "Microsoft.KeyVault", "Microsoft.ManagedIdentity", "Microsoft.Sql", "Microsoft.Storage"];
    const page2 = `https://management.azure.com${SUB}/providers?api-version=${ARM_CALLS.providers.apiVersion}&%24skiptoken=2`;
    armGet(arm, `${SUB}/providers`, ARM_CALLS.providers.apiVersion, 200, armPage([...registered.map((n) => provider(n, "Registered")), provider("Microsoft.App", "NotRegistered")], page2));
    arm.get(`${SUB}/providers`).query((q) => q.$skiptoken === "2").reply(200, armPage([provider("Microsoft.OperationalInsights", "Registering"), provider("Microsoft.Web", "NotRegistered")]));
    const findings = await runDoctor(testTarget(), { credential: testCredential(), stateContainer: noStateContainer, stackDir: dir }, { checks: ["resource-providers"], timeoutMs: 10_000 });
    expectAllMocksUsed(login, arm);
    expect(findings.map((f) => [f.status, f.subject, f.fix])).toEqual([
      ["fail", "resource provider Microsoft.App", `az provider register --namespace Microsoft.App --subscription ${SUBSCRIPTION}`],
      ["unknown", "resource provider Microsoft.OperationalInsights", null],
    ]);
  });

  it("passes when every provider the stack lists is registered", async () => {
    const login = mockLogin(["arm"]);
    const arm = mockArm();
    const dir = await copyStack("app-service");
    const names = ["Microsoft.AlertsManagement", "Microsoft.Authorization", "Microsoft.Cache", "Microsoft.DBforMySQL", "Microsoft.DBforPostgreSQL", "Microsoft.DocumentDB", "Microsoft.Insights", "Microsoft.KeyVault", "Microsoft.ManagedIdentity", "Microsoft.OperationalInsights", "Microsoft.Sql", "Microsoft.Storage", "microsoft.web"];
    armGet(arm, `${SUB}/providers`, ARM_CALLS.providers.apiVersion, 200, armPage(names.map((n) => provider(n, "Registered"))));
    const findings = await runDoctor(testTarget(), { credential: testCredential(), stateContainer: noStateContainer, stackDir: dir }, { checks: ["resource-providers"], timeoutMs: 10_000 });
    expectAllMocksUsed(login, arm);
    expect(findings).toEqual([{ check: "resource-providers", subject: "the 13 resource providers the stack needs are registered", status: "pass", problem: null, fix: null }]);
  });
});
