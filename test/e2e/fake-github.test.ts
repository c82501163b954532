import { generateKeyPairSync, sign } from "node:crypto";
import { readFileSync } from "node:fs";
import { strFromU8, unzipSync } from "fflate";
import { Probot } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TEST_APP_ID, testAppKey } from "../support/github/test-app-key.js";
import { createTestProbot, startTestServer, TEST_WEBHOOK_SECRET } from "../support/github/test-probot.js";
import { deliver } from "./fake-github/deliver.js";
import { fakeSha } from "./fake-github/driver/repo-driver.js";
import { startFakeGitHub, type FakeGitHub } from "./fake-github/fake-github.js";

const REPO = "octo-org/shop";
const [owner, repo] = REPO.split("/") as [string, string];
const WORKFLOW = `name: envbranch
run-name: envbranch \${{ fromJSON(inputs.spec).action }} \${{ fromJSON(inputs.spec).environment.slug }} [\${{ inputs.correlation_id }}]
on:
  workflow_dispatch:
    inputs:
      spec: { type: string, required: true }
      correlation_id: { type: string, required: true }
jobs: {}
`;

let fake: FakeGitHub;
let probot: Probot;

beforeEach(async () => {
  fake = await startFakeGitHub({ appId: TEST_APP_ID, publicKey: testAppKey().publicKey });
  fake.addRepo({ owner, name: repo, files: { ".github/envbranch.yml": "project: shop\n", ".github/workflows/envbranch.yml": WORKFLOW } });
  ({ probot } = await createTestProbot(() => undefined, { baseUrl: fake.url }));
});

afterEach(async () => {
  await fake.close();
});

/** An installation token got by hand, as GitHub documents the exchange: an RS256 app JWT, then POST. */
async function exchangeToken(): Promise<string> {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${part({ alg: "RS256", typ: "JWT" })}.${part({ iat: now - 30, exp: now + 540, iss: TEST_APP_ID })}`;
  const jwt = `${unsigned}.${sign("sha256", Buffer.from(unsigned), testAppKey().privateKey).toString("base64url")}`;
  const response = await fetch(`${fake.url}/app/installations/${fake.repo(REPO).installationId}/access_tokens`, { method: "POST", headers: { authorization: `Bearer ${jwt}` } });
  return ((await response.json()) as { token: string }).token;
}

/** An Octokit for the repository's installation, authenticated the way the app is: app JWT, then token. */
async function installationClient() {
  return probot.auth(fake.repo(REPO).installationId);
}

describe("the fake GitHub's authentication", () => {
  it("exchanges a verified app JWT for an installation token that later calls carry", async () => {
    const app = await probot.auth();
    expect((await app.rest.apps.getAuthenticated()).data).toMatchObject({ id: TEST_APP_ID, slug: "envbranch" });
    const octokit = await installationClient();
    expect((await octokit.rest.repos.get({ owner, repo })).data).toMatchObject({ full_name: REPO, default_branch: "main", private: true });
    expect(fake.requests.map((r) => `${r.status} ${r.operationId}`)).toEqual(["200 apps/get-authenticated", "201 apps/create-installation-access-token", "200 repos/get"]);
    expect(fake.violations).toEqual([]);
  });

  it("refuses a call without a token, and a JWT signed with another key, and records both", async () => {
    const anonymous = await fetch(`${fake.url}/repos/${REPO}`);
    expect(anonymous.status).toBe(401);
    const stranger = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();
    const forged = new Probot({ appId: TEST_APP_ID, privateKey: stranger, baseUrl: fake.url });
    const forgedClient = await forged.auth(fake.repo(REPO).installationId);
    await expect(forgedClient.rest.repos.get({ owner, repo })).rejects.toMatchObject({ status: 401 });
    expect(fake.violations).toEqual([
      expect.stringMatching(/GET \/repos\/octo-org\/shop \(repos\/get\): an installation token is required/),
      expect.stringMatching(/apps\/create-installation-access-token.*signature does not verify/),
    ]);
  });
});

describe("the fake GitHub's contract check", () => {
  it("answers a body GitHub would reject with 501 and records the violation", async () => {
    const octokit = await installationClient();
    const sha = fake.repo(REPO).branches.get("main") ?? "";
    // A route typed as plain string takes any parameters, as a buggy caller might send them.
    const route: string = "POST /repos/{owner}/{repo}/check-runs";
    await expect(octokit.request(route, { owner, repo, name: "x", head_sha: sha, conclusion: "great" })).rejects.toMatchObject({ status: 501 });
    expect(fake.violations).toEqual([expect.stringMatching(/checks\/create.*body\/conclusion must be equal to one of the allowed values/)]);
    expect(fake.requests.at(-1)).toMatchObject({ method: "POST", operationId: "checks/create", body: { conclusion: "great" }, status: 501 });
  });
});

describe("the fake GitHub's state", () => {
  it("finds a created check run by check_name on its ref, newest only unless filter=all", async () => {
    const octokit = await installationClient();
    const sha = fakeSha("alice-1");
    fake.pushBranch(REPO, "env-alice", sha);
    const first = await octokit.rest.checks.create({ owner, repo, name: "envbranch: alice", head_sha: sha, external_id: "k1", status: "in_progress" });
    const second = await octokit.rest.checks.create({ owner, repo, name: "envbranch: alice", head_sha: sha, external_id: "k2", conclusion: "success", output: { title: "ok", summary: "done" } });
    await octokit.rest.checks.create({ owner, repo, name: "other", head_sha: sha });
    await expect(octokit.rest.checks.create({ owner, repo, name: "x", head_sha: fakeSha("nowhere") })).rejects.toMatchObject({ status: 422 });

    const latest = await octokit.rest.checks.listForRef({ owner, repo, ref: "env-alice", check_name: "envbranch: alice" });
    expect(latest.data.check_runs.map((r) => [r.id, r.external_id, r.status, r.conclusion])).toEqual([[second.data.id, "k2", "completed", "success"]]);
    const all = await octokit.rest.checks.listForRef({ owner, repo, ref: sha, check_name: "envbranch: alice", filter: "all" });
    expect(all.data.check_runs.map((r) => r.id)).toEqual([second.data.id, first.data.id]);
    expect(fake.violations).toEqual([]);
  });

  it("runs a dispatch under its run-name, then serves the completed run's artifact through a redirect", async () => {
    const octokit = await installationClient();
    const spec = JSON.stringify({ action: "apply", environment: { slug: "alice" } });
    const dispatched = await octokit.request("POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches", { owner, repo, workflow_id: "envbranch.yml", ref: "main", inputs: { spec, correlation_id: "c0ffee12" }, return_run_details: true });
    expect(dispatched.status).toBe(200);
    const runId = (dispatched.data as { workflow_run_id: number }).workflow_run_id;
    const run = await octokit.rest.actions.getWorkflowRun({ owner, repo, run_id: runId });
    expect(run.data).toMatchObject({ name: "envbranch", display_title: "envbranch apply alice [c0ffee12]", status: "queued", event: "workflow_dispatch", triggering_actor: { login: "envbranch[bot]" } });
    expect(fake.dispatches).toEqual([expect.objectContaining({ ref: "main", inputs: { spec, correlation_id: "c0ffee12" }, runId })]);

    const files = { "result.json": JSON.stringify({ ok: true, counts: { add: 3 } }), "plan.json": "{}" };
    const payload = fake.completeRun(runId, { conclusion: "success", artifacts: [{ name: "envbranch-c0ffee12", files }] });
    expect(payload.workflow_run).toMatchObject({ id: runId, status: "completed", conclusion: "success", display_title: "envbranch apply alice [c0ffee12]" });
    expect(payload.installation?.id).toBe(fake.repo(REPO).installationId);

    const artifacts = await octokit.rest.actions.listWorkflowRunArtifacts({ owner, repo, run_id: runId, name: "envbranch-c0ffee12" });
    const artifact = artifacts.data.artifacts[0];
    if (artifact === undefined) throw new Error("the run has no artifact");
    const zip = await octokit.rest.actions.downloadArtifact({ owner, repo, artifact_id: artifact.id, archive_format: "zip" });
    const unzipped = unzipSync(new Uint8Array(zip.data as ArrayBuffer));
    expect(Object.fromEntries(Object.entries(unzipped).map(([name, bytes]) => [name, strFromU8(bytes)]))).toEqual(files);
    expect(fake.blobDownloads).toEqual([expect.objectContaining({ status: 200 })]);

    fake.expireArtifact(artifact.id);
    await expect(octokit.rest.actions.downloadArtifact({ owner, repo, artifact_id: artifact.id, archive_format: "zip" })).rejects.toMatchObject({ status: 410 });
    expect(fake.violations).toEqual([]);
  });

  it("redirects an artifact download cross-origin, and refuses one that carries the GitHub token there", async () => {
    const octokit = await installationClient();
    const authorization = `token ${await exchangeToken()}`;
    const dispatched = await octokit.request("POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches", { owner, repo, workflow_id: "envbranch.yml", ref: "main", inputs: { spec: "{}", correlation_id: "leak-test" }, return_run_details: true });
    fake.completeRun((dispatched.data as { workflow_run_id: number }).workflow_run_id, { conclusion: "failure", artifacts: [{ name: "result", files: { "result.json": "{}" } }] });
    const artifactId = fake.repo(REPO).runs[0]?.artifacts[0]?.rest.id;
    const redirect = await fetch(`${fake.url}/repos/${REPO}/actions/artifacts/${artifactId}/zip`, { headers: { authorization }, redirect: "manual" });
    const location = redirect.headers.get("location") ?? "";
    expect([redirect.status, new URL(location).origin === new URL(fake.url).origin]).toEqual([302, false]);
    expect((await fetch(location, { headers: { authorization } })).status).toBe(400);
    expect(fake.violations).toEqual([expect.stringMatching(/sent an authorization header to the storage host/)]);
  });

  it("refuses dispatches GitHub refuses, and names the real workflow template's runs by correlation id", async () => {
    const octokit = await installationClient();
    const dispatch = (inputs: Record<string, string>, ref = "main") =>
      octokit.request("POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches", { owner, repo, workflow_id: "envbranch.yml", ref, inputs });
    await expect(dispatch({ spec: "{}", correlation_id: "x", extra: "1" })).rejects.toMatchObject({ status: 422, message: expect.stringMatching(/Unexpected inputs provided: \["extra"\]/) });
    await expect(dispatch({ spec: "{}" })).rejects.toMatchObject({ status: 422, message: expect.stringMatching(/Required input 'correlation_id' not provided/) });
    await expect(dispatch({ spec: "{}", correlation_id: "x" }, "env-missing")).rejects.toMatchObject({ status: 422 });

    fake.setFile(REPO, ".github/workflows/envbranch.yml", readFileSync("workflows-templates/envbranch.yml", "utf8"));
    const spec = JSON.stringify({ action: "plan", environment: { slug: "bob" } });
    expect((await dispatch({ spec, correlation_id: "bob-plan-42" })).status).toBe(204);
    const runs = await octokit.rest.actions.listWorkflowRuns({ owner, repo, workflow_id: "envbranch.yml", event: "workflow_dispatch", branch: "main" });
    expect(runs.data.workflow_runs.map((r) => r.display_title)).toEqual([expect.stringContaining("bob-plan-42")]);
    expect(fake.violations).toEqual([]);
  });

  it("keeps comments and reactions: create, update, list", async () => {
    const octokit = await installationClient();
    fake.pushBranch(REPO, "feature", fakeSha("feature-1"));
    const opened = fake.openPullRequest(REPO, { head: "feature", base: "main", user: "alice" });
    const number = opened.number;
    const userComment = fake.commentOnPull(REPO, number, "alice", "/envbranch plan");
    expect(userComment).toMatchObject({ action: "created", issue: { number, pull_request: { url: expect.stringContaining(`/pulls/${number}`) } }, comment: { user: { login: "alice" } } });

    const reply = await octokit.rest.issues.createComment({ owner, repo, issue_number: number, body: "<!-- envbranch:alice -->\nplanning" });
    await octokit.rest.issues.updateComment({ owner, repo, comment_id: reply.data.id, body: "<!-- envbranch:alice -->\nplanned" });
    await octokit.rest.reactions.createForIssueComment({ owner, repo, comment_id: userComment.comment.id, content: "eyes" });
    const listed = await octokit.rest.issues.listComments({ owner, repo, issue_number: number });
    expect(listed.data.map((c) => [c.user?.login, c.body, c.reactions?.eyes])).toEqual([
      ["alice", "/envbranch plan", 1],
      ["envbranch[bot]", "<!-- envbranch:alice -->\nplanned", 0],
    ]);
    await expect(octokit.rest.issues.listComments({ owner, repo, issue_number: number + 1 })).rejects.toMatchObject({ status: 404 });
    expect(fake.violations).toEqual([]);
  });
  it("keeps deployments newest first per environment, and marks a superseded success inactive", async () => {
    const octokit = await installationClient();
    const deploy = async (sha: string, environment: string) => {
      const created = await octokit.rest.repos.createDeployment({ owner, repo, ref: sha, environment, required_contexts: [], auto_merge: false, payload: { correlationId: sha.slice(0, 8) } });
      const id = (created.data as { id: number }).id;
      await octokit.rest.repos.createDeploymentStatus({ owner, repo, deployment_id: id, state: "success", environment_url: `https://${environment}.example` });
      return id;
    };
    fake.pushBranch(REPO, "env-alice", fakeSha("alice-1"));
    const first = await deploy(fakeSha("alice-1"), "alice");
    await deploy(fake.repo(REPO).branches.get("main") ?? "", "bob");
    fake.pushBranch(REPO, "env-alice", fakeSha("alice-2"));
    const second = await deploy(fakeSha("alice-2"), "alice");

    const listed = await octokit.rest.repos.listDeployments({ owner, repo, environment: "alice" });
    expect(listed.data.map((d) => [d.id, d.sha, d.payload])).toEqual([[second, fakeSha("alice-2"), { correlationId: fakeSha("alice-2").slice(0, 8) }], [first, fakeSha("alice-1"), { correlationId: fakeSha("alice-1").slice(0, 8) }]]);
    const statuses = await octokit.rest.repos.listDeploymentStatuses({ owner, repo, deployment_id: first });
    expect(statuses.data.map((s) => s.state)).toEqual(["inactive", "success"]);
    expect((await octokit.rest.repos.getAllEnvironments({ owner, repo })).data.environments?.map((e) => e.name)).toEqual(["alice", "bob"]);
    await octokit.rest.repos.deleteAnEnvironment({ owner, repo, environment_name: "bob" });
    await expect(octokit.rest.repos.getEnvironment({ owner, repo, environment_name: "bob" })).rejects.toMatchObject({ status: 404 });
    expect(fake.violations).toEqual([]);
  });

  it("answers who may approve: repository roles and team membership", async () => {
    const octokit = await installationClient();
    fake.setRole(REPO, "mia", "maintain");
    fake.setRole(REPO, "tim", "triage");
    fake.addTeamMember(owner, "platform", "tim");
    const permission = async (username: string) => {
      const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ owner, repo, username });
      return [data.permission, data.role_name];
    };
    expect([await permission("mia"), await permission("tim"), await permission("eve"), await permission(owner)]).toEqual([["write", "maintain"], ["read", "triage"], ["none", ""], ["admin", "admin"]]);
    expect((await octokit.rest.teams.getMembershipForUserInOrg({ org: owner, team_slug: "platform", username: "tim" })).data).toMatchObject({ role: "member", state: "active" });
    await expect(octokit.rest.teams.getMembershipForUserInOrg({ org: owner, team_slug: "platform", username: "mia" })).rejects.toMatchObject({ status: 404 });
    expect(fake.violations).toEqual([]);
  });

  it("turns a press of a check run's button into the requested_action payload", async () => {
    const octokit = await installationClient();
    const sha = fakeSha("alice-1");
    fake.pushBranch(REPO, "env-alice", sha);
    const run = await octokit.rest.checks.create({ owner, repo, name: "envbranch: alice", head_sha: sha, conclusion: "action_required", output: { title: "plan", summary: "1 to add" }, actions: [{ label: "Apply this plan", description: "Apply the saved plan", identifier: "apply" }] });
    const payload = fake.pressCheckRunButton(REPO, run.data.id, "apply", "mia");
    expect(payload).toMatchObject({ action: "requested_action", requested_action: { identifier: "apply" }, sender: { login: "mia" }, check_run: { id: run.data.id, head_sha: sha, check_suite: { head_branch: "env-alice" } } });
    expect(() => fake.pressCheckRunButton(REPO, run.data.id, "destroy", "mia")).toThrow(/no button "destroy"/);
    expect(fake.violations).toEqual([]);
  });
});

describe("the fake GitHub's webhooks", () => {
  it("delivers signed payloads that a Probot app accepts, and serves the config it reads", async () => {
    const seen: { event: string; config: unknown; installation: number | undefined }[] = [];
    const server = await startTestServer(
      (app) => {
        app.on(["push", "delete"], async (context) => {
          seen.push({ event: context.name, config: await context.config("envbranch.yml"), installation: context.payload.installation?.id });
        });
      },
      { baseUrl: fake.url },
    );
    try {
      const push = fake.pushBranch(REPO, "env-alice", fakeSha("alice-1"));
      expect(push).toMatchObject({ ref: "refs/heads/env-alice", created: true, before: "0".repeat(40), repository: { full_name: REPO } });
      expect((await deliver(server.webhookUrl, "push", push, TEST_WEBHOOK_SECRET)).status).toBe(200);
      expect((await deliver(server.webhookUrl, "push", push, "wrong-secret")).status).toBe(400);
      const { deleteEvent } = fake.deleteBranch(REPO, "env-alice");
      expect((await deliver(server.webhookUrl, "delete", deleteEvent, TEST_WEBHOOK_SECRET)).status).toBe(200);
    } finally {
      await server.close();
    }
    const installation = fake.repo(REPO).installationId;
    expect(seen).toEqual([
      { event: "push", config: { project: "shop" }, installation },
      { event: "delete", config: { project: "shop" }, installation },
    ]);
    expect(fake.violations).toEqual([]);
  });

  it("serves the organisation-wide config from <owner>/.github when the repository has none", async () => {
    fake.setFile(REPO, ".github/envbranch.yml", null);
    const configs: unknown[] = [];
    const { probot: reader } = await createTestProbot((app) => {
      app.on("push", async (context) => {
        configs.push(await context.config("envbranch.yml"));
      });
    }, { baseUrl: fake.url });
    await reader.receive({ id: "1", name: "push", payload: fake.pushBranch(REPO, "env-alice", fakeSha("alice-1")) });
    fake.addRepo({ owner, name: ".github", files: { ".github/envbranch.yml": "project: org-wide\n" } });
    await reader.receive({ id: "2", name: "push", payload: fake.pushBranch(REPO, "env-alice", fakeSha("alice-2")) });
    expect(configs).toEqual([null, { project: "org-wide" }]);
    expect(fake.requests.filter((r) => r.operationId === "repos/get-content").map((r) => `${r.status} ${r.path}`)).toEqual([
      "404 /repos/octo-org/shop/contents/.github%2Fenvbranch.yml",
      "404 /repos/octo-org/.github/contents/.github%2Fenvbranch.yml",
      "404 /repos/octo-org/shop/contents/.github%2Fenvbranch.yml",
      "200 /repos/octo-org/.github/contents/.github%2Fenvbranch.yml",
    ]);
    expect(fake.violations).toEqual([]);
  });
});
