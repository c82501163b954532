import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { BLOB_SERVICES_API_VERSION } from "../../app/adapters/azure/state-account-protection.js";
import nock from "nock";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ROLE_IDS } from "../../app/doctor/azure-roles.js";
import { ARM_CALLS } from "../../app/doctor/gather/doctor-endpoints.js";
import { EXIT_CHECKS_FAILED, EXIT_OK } from "../../app/runner/exit-codes.js";
import { runCli } from "../../app/runner/run-cli.js";
import { startAzurite, type Azurite } from "../support/azurite.js";
import {
  APPLY_CLIENT,
  APPLY_PRINCIPAL,
  armCredential,
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
  STATE_GROUP,
  SUBSCRIPTION,
  TENANT,
  testCredential,
} from "../doctor/support/azure-edge.js";

// `envbranch doctor --branch` in-process: a real git checkout with the container-apps stack, state in
// Azurite, Resource Manager mocked at the HTTP edge with answers shaped like its own.
const CONFIG = `azure:
  subscriptionId: ${SUBSCRIPTION}
  tenantId: ${TENANT}
  clientId: ${APPLY_CLIENT}
  planClientId: ${PLAN_CLIENT}
  state:
    resourceGroup: ${STATE_GROUP}
    storageAccount: sttfstate
project: shop
`;
const SUB = `/subscriptions/${SUBSCRIPTION}`;
const ACCOUNT = `${SUB}/resourceGroups/${STATE_GROUP}/providers/Microsoft.Storage/storageAccounts/sttfstate`;
const credentialsOf = (name: string) => `${SUB}/resourceGroups/${STATE_GROUP}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}/federatedIdentityCredentials`;
const CONTAINER_APPS_PROVIDERS = ["Microsoft.AlertsManagement", "Microsoft.App", "Microsoft.Authorization", "Microsoft.Cache", "Microsoft.ContainerRegistry", "Microsoft.DBforMySQL", "Microsoft.DBforPostgreSQL", "Microsoft.DocumentDB", "Microsoft.Insights", "Microsoft.KeyVault", "Microsoft.ManagedIdentity", "Microsoft.OperationalInsights", "Microsoft.Sql", "Microsoft.Storage"];

let azurite: Azurite;
let dir: string;
beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect((host) => host.startsWith("127.0.0.1"));
  azurite = await startAzurite({ account: "sttfstate" });
});
afterAll(async () => {
  nock.enableNetConnect();
  await azurite.stop();
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "envbranch-doctor-cli-"));
  const git = (...args: string[]) => execa("git", ["-c", "user.name=t", "-c", "user.email=t@example.test", ...args], { cwd: dir });
  await git("init", "-q");
  await mkdir(join(dir, ".github"));
  await writeFile(join(dir, ".github/envbranch.yml"), CONFIG);
  await cp(join(import.meta.dirname, "../../terraform-templates/container-apps"), join(dir, "terraform"), { recursive: true, dereference: true });
  await git("add", ".");
  await git("commit", "-q", "-m", "stack");
  await git("remote", "add", "origin", "git@github.com:octo/shop.git");
  await git("symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/main");
  const service = azurite.serviceClient();
  if (!(await service.getContainerClient("tfstate").exists())) await service.createContainer("tfstate");
});
afterEach(async () => {
  nock.cleanAll();
  await rm(dir, { recursive: true, force: true });
});

async function doctor(argv: string[]) {
  let stdout = "";
  let stderr = "";
  const env = { PATH: process.env.PATH ?? "", ENVBRANCH_BLOB_ENDPOINT: azurite.endpoint, ARM_ACCESS_KEY: azurite.key };
  const code = await runCli(argv, { env, cwd: dir, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), azureCredential: testCredential() });
  return { code, stdout, stderr };
}

function mockAzure(options: { appRegistered: boolean; planCredential: boolean }): nock.Scope[] {
  const login = mockLogin(["arm"]);
  const arm = mockArm();
  armGet(arm, `${SUB}/providers/Microsoft.ManagedIdentity/userAssignedIdentities`, ARM_CALLS.userAssignedIdentities.apiVersion, 200, armPage([armIdentity("id-envbranch-shop", APPLY_CLIENT, APPLY_PRINCIPAL), armIdentity("id-envbranch-shop-plan", PLAN_CLIENT, PLAN_PRINCIPAL)]));
  armGet(arm, credentialsOf("id-envbranch-shop"), ARM_CALLS.federatedIdentityCredentials.apiVersion, 200, armPage([
    armCredential("id-envbranch-shop", "default-branch", "repo:octo/shop:ref:refs/heads/main"),
    armCredential("id-envbranch-shop", "env-alice", "repo:octo/shop:ref:refs/heads/env-alice"),
  ]));
  armGet(arm, credentialsOf("id-envbranch-shop-plan"), ARM_CALLS.federatedIdentityCredentials.apiVersion, 200, armPage(options.planCredential ? [armCredential("id-envbranch-shop-plan", "envbranch-plan", "repo:octo/shop:environment:envbranch-plan")] : []));
  const filter = (principal: string) => `principalId eq '${principal}'`;
  armGet(arm, `${SUB}/providers/Microsoft.Authorization/roleAssignments`, ARM_CALLS.roleAssignments.apiVersion, 200, armPage([
    roleAssignment(APPLY_PRINCIPAL, ROLE_IDS.Contributor, SUB),
    roleAssignment(APPLY_PRINCIPAL, ROLE_IDS["Storage Blob Data Contributor"], ACCOUNT),
    roleAssignment(APPLY_PRINCIPAL, ROLE_IDS["Role Based Access Control Administrator"], SUB, "((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})))"),
  ]), filter(APPLY_PRINCIPAL));
  armGet(arm, `${SUB}/providers/Microsoft.Authorization/roleAssignments`, ARM_CALLS.roleAssignments.apiVersion, 200, armPage([
    roleAssignment(PLAN_PRINCIPAL, ROLE_IDS.Reader, SUB),
    roleAssignment(PLAN_PRINCIPAL, ROLE_IDS["Storage Blob Data Contributor"], `${ACCOUNT}/blobServices/default/containers/tfstate`, "(@Resource[...] StringLike '*/plans/*')"),
  ]), filter(PLAN_PRINCIPAL));
  armGet(arm, `${ACCOUNT}/blobServices/default`, BLOB_SERVICES_API_VERSION, 200, { name: "default", properties: { deleteRetentionPolicy: { enabled: true, days: 30 }, containerDeleteRetentionPolicy: { enabled: true, days: 30 }, isVersioningEnabled: true } });
  armGet(arm, `${SUB}/providers`, ARM_CALLS.providers.apiVersion, 200, armPage(CONTAINER_APPS_PROVIDERS.map((n) => provider(n, n === "Microsoft.App" && !options.appRegistered ? "NotRegistered" : "Registered"))));
  return [login, arm];
}

describe("envbranch doctor --branch", () => {
  it("prints a line per check with what is wrong and the command that fixes it, and exits non-zero", async () => {
    const mocks = mockAzure({ appRegistered: false, planCredential: false });
    const { code, stdout, stderr } = await doctor(["doctor", "--branch", "env-alice"]);
    expectAllMocksUsed(...mocks);
    expect(stderr).toBe("");
    expect(code).toBe(EXIT_CHECKS_FAILED);
    expect(stdout.split("\n").filter(Boolean)).toEqual([
      `envbranch doctor: octo/shop env-alice (subscription ${SUBSCRIPTION})`,
      "✓ state container sttfstate/tfstate exists and the signed-in user can read it",
      "✓ the signed-in user can take and release a lease in state container sttfstate/tfstate",
      "✓ state account sttfstate: Blob soft delete is on for 30 days: a deleted state blob, or one of its snapshots, can be undeleted.",
      "✓ state account sttfstate: Container soft delete is on for 30 days: a deleted state container can be restored.",
      "✓ state account sttfstate: Blob versioning is on: every overwrite of a state blob keeps the version before it.",
      `✓ apply identity ${APPLY_CLIENT} trusts repo:octo/shop:ref:refs/heads/env-alice`,
      `✓ apply identity ${APPLY_CLIENT} trusts repo:octo/shop:ref:refs/heads/main`,
      `✗ plan identity ${PLAN_CLIENT} trusts repo:octo/shop:environment:envbranch-plan: no federated credential has this subject, so the job cannot log in (AADSTS700213). Fix: az identity federated-credential create -n envbranch-plan -g ${STATE_GROUP} --identity-name id-envbranch-shop-plan --subscription ${SUBSCRIPTION} --issuer https://token.actions.githubusercontent.com --audiences api://AzureADTokenExchange --subject repo:octo/shop:environment:envbranch-plan`,
      `✓ apply identity ${APPLY_CLIENT} may create and change the environment's resources`,
      `✓ apply identity ${APPLY_CLIENT} may read, write and lease the state`,
      `✓ apply identity ${APPLY_CLIENT} may grant the roles the stack assigns`,
      `✓ plan identity ${PLAN_CLIENT} may read the environment's resources to plan`,
      `✓ plan identity ${PLAN_CLIENT} may read the state and store saved plans`,
      `✗ resource provider Microsoft.App: is NotRegistered in subscription ${SUBSCRIPTION}, so creating its resources fails with MissingSubscriptionRegistration. Fix: az provider register --namespace Microsoft.App --subscription ${SUBSCRIPTION}`,
    ]);
  });

  it("exits 0 when every check passes", async () => {
    const mocks = mockAzure({ appRegistered: true, planCredential: true });
    const { code, stdout } = await doctor(["doctor", "--branch", "env-alice", "--repo", "octo/shop"]);
    expectAllMocksUsed(...mocks);
    expect(code).toBe(EXIT_OK);
    expect(stdout).not.toMatch(/^[✗?]/m);
  });

  it("says what is wrong with the branch or the checkout before reaching Azure", async () => {
    const { code, stderr } = await doctor(["doctor", "--branch", "feature-x"]);
    expect(code).toBe(3);
    expect(stderr).toContain("not an environment branch");
    expect((await doctor(["doctor"])).code).toBe(2);
  });
});
