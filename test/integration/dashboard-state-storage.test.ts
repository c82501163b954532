import { ClientSecretCredential } from "@azure/identity";
import type { ContainerClient } from "@azure/storage-blob";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AzureAccess } from "../../app/adapters/azure/azure-access.js";
import { archiveKeyFor } from "../../app/adapters/azure/archive-state.js";
import { acquireStateLease, type HeldLease } from "../../app/adapters/azure/state-lease.js";
import { BackgroundJobs } from "../../app/background/background-jobs.js";
import { CoalescedJobs } from "../../app/background/coalesced-jobs.js";
import { startAzurite, type Azurite } from "../support/azurite.js";
import { cleanupGitHubMocks, mockGitHub, type MockGitHub } from "../support/github/mock-github.js";
import { createTestProbot, type LogLine } from "../support/github/test-probot.js";
import { webhookEvent } from "../support/github/webhooks.js";
import { appWith, workflowRunPayload } from "../support/app-under-test.js";
import { IssueFake } from "../support/issue-fake.js";
import { RepoFake } from "../support/repo-fake.js";
import { rawTestConfig } from "../support/test-config.js";

// The dashboard redrawn with the app's own Azure access, against Azurite: a live environment whose
// state a run holds shows who holds it, and a destroyed one shows where its state went. GitHub is
// the contract-checked mock; storage is real.

const REPO = "/repos/octo-org/octo-repo";
const ALICE = "6113728f27ae82c7b1a177c8d03f9e96e0adf246";
const CAROL = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
const ALICE_KEY = "envbranch/octo-org/octo-repo/alice.tfstate";
const CAROL_KEY = "envbranch/octo-org/octo-repo/carol.tfstate";
const CAROL_ARCHIVE = archiveKeyFor(CAROL_KEY, new Date("2026-11-21T09:00:00.000Z"));

let azurite: Azurite;
let container: ContainerClient;
let gh: MockGitHub;
let fake: RepoFake;
let issues: IssueFake;
let held: HeldLease | null = null;

beforeAll(async () => {
  azurite = await startAzurite({ account: "sttfstate" });
  container = azurite.serviceClient().getContainerClient("tfstate");
  await container.create();
  await container.getBlockBlobClient(ALICE_KEY).upload("{}", 2);
  await container.getBlockBlobClient(CAROL_ARCHIVE).upload("{}", 2);
});
afterAll(async () => azurite?.stop());
beforeEach(async () => {
  gh = mockGitHub();
  fake = new RepoFake(gh, "octo-org", "octo-repo");
  issues = new IssueFake(gh, "octo-org", "octo-repo");
  held = await acquireStateLease(container.getBlockBlobClient(ALICE_KEY), ALICE_KEY, { who: "runner@fv-az1", operation: "OperationTypeApply", version: "1.9.8", created: "2026-11-22T09:30:00Z" });
});
afterEach(async (context) => {
  await held?.release();
  cleanupGitHubMocks(context);
});

function access(accountKey = azurite.key): AzureAccess {
  // The account key is what reaches Azurite; the credential is never asked for a token.
  const credential = new ClientSecretCredential("11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222", "test-secret", { disableInstanceDiscovery: true });
  return { credential, state: { blobEndpoint: azurite.endpoint, accountKey } };
}

/** Redraws the dashboard once, for a run of the app's bot that is not envbranch's: its body, and the app's log. */
async function redraw(azure: AzureAccess): Promise<{ body: string; logs: LogLine[] }> {
  const jobs = new BackgroundJobs();
  const app = await createTestProbot(appWith({ azure, jobs, dashboards: new CoalescedJobs(jobs) }).appFn);
  // env-alice lives and applied; env-carol's branch is gone and its deployment was made inactive.
  fake.deployments.push({ id: 55, sha: ALICE, ref: ALICE, environment: "env-alice", payload: { branch: "env-alice", correlationId: "a", action: "apply" } });
  fake.deployments.push({ id: 56, sha: CAROL, ref: CAROL, environment: "env-carol", payload: { branch: "env-carol", correlationId: "c", action: "apply" } });
  fake.deploymentStatuses.push({ deploymentId: 55, state: "success" }, { deploymentId: 56, state: "inactive" });
  gh.installationToken();
  fake.expectConfig(rawTestConfig());
  gh.on(`GET ${REPO}/git/matching-refs/{ref}`, { status: 200, body: [{ ref: "refs/heads/env-alice", node_id: "x", url: "https://api.github.com/x", object: { sha: ALICE, type: "commit", url: "https://api.github.com/x" } }] });
  gh.on(`GET ${REPO}/pulls`, { status: 200, body: [] });
  fake.expectDeploymentList();
  fake.expectDeploymentStatusList();
  fake.expectDeploymentStatusList();
  fake.expectCheckRunLookup(2);
  issues.expectList();
  issues.expectCreate();
  const payload = workflowRunPayload(9100, "a", "success");
  (payload.workflow_run as { display_title?: string }).display_title = "Publish docs";
  await app.probot.receive(webhookEvent("workflow_run", payload));
  await jobs.idle();
  gh.assertDone();
  return { body: issues.issues[0]?.body ?? "", logs: app.logs };
}

function row(body: string, branch: string): string | undefined {
  return body.split("\n").find((line) => line.startsWith(`| [\`${branch}\`]`) || line.startsWith(`| \`${branch}\``));
}

describe("the dashboard with the app's Azure access", () => {
  it("shows who holds a live environment's state lock, and where a destroyed one's state went", async () => {
    const { body } = await redraw(access());
    expect(row(body, "env-alice")).toContain(`| applied · locked by \`runner@fv-az1\` for apply since 2026-11-22 09:30 UTC, \`/envbranch unlock ${held!.leaseId}\` |`);
    expect(row(body, "env-carol")).toContain(`| destroyed · state archived to \`${CAROL_ARCHIVE}\` |`);
  });

  it("draws the dashboard without locks and archives when storage refuses the app", async () => {
    const { body, logs } = await redraw(access(Buffer.from("wrong key").toString("base64")));
    expect(row(body, "env-alice")).toContain("| applied |");
    expect(row(body, "env-carol")).toMatch(/\| destroyed \|/);
    expect(body).not.toContain("locked by");
    const warning = logs.find((line) => line.msg?.startsWith("could not read the state of 2 environment(s)"));
    expect(warning?.failures).toEqual([expect.stringMatching(/^env-alice: /), expect.stringMatching(/^env-carol: /)]);
  });
});
