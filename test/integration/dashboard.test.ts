import { useAppTest } from "../support/app-test.js";
import { beforeEach, describe, expect, it } from "vitest";
import { BackgroundJobs } from "../../app/background/background-jobs.js";
import { CoalescedJobs } from "../../app/background/coalesced-jobs.js";
import { progressMarker } from "../../app/decisions/run-progress.js";
import { renderDashboard } from "../../app/templates/dashboard-body.js";
import { exampleResponse } from "../support/github/openapi.js";
import { webhookEvent } from "../support/github/webhooks.js";
import { deletePayload, pushPayload, workflowRunPayload } from "../support/app-under-test.js";
import { IssueFake } from "../support/issue-fake.js";
import { runResult } from "../support/run-result.js";
import { rawTestConfig } from "../support/test-config.js";

const SHA = "6113728f27ae82c7b1a177c8d03f9e96e0adf246";
const CORRELATION = "alice-apply-1000-0123abcd";
const REPO = "/repos/octo-org/octo-repo";
const RUN_URL = "https://github.com/octo-org/octo-repo/runs/1000";

const jobs = new BackgroundJobs();
const t = useAppTest({ owner: "octo-org", repo: "octo-repo", deps: { jobs, dashboards: new CoalescedJobs(jobs) } });
let issues: IssueFake;
beforeEach(() => {
  issues = new IssueFake(t.gh, "octo-org", "octo-repo");
});

/** The check run of env-alice's apply at SHA, at `stage`. */
function aliceRun(over: Record<string, unknown> = {}) {
  t.fake.checkRuns.push({
    id: 1000,
    head_sha: SHA,
    name: "envbranch: env-alice",
    external_id: `envbranch:alice:${SHA}:apply`,
    status: "queued",
    conclusion: null,
    html_url: RUN_URL,
    output: { title: "Applying env-alice", summary: progressMarker({ stage: "dispatched", correlationId: CORRELATION, deploymentId: 55, author: "alice" }) },
    ...over,
  });
  t.fake.deployments.push({ id: 55, sha: SHA, ref: SHA, environment: "env-alice", payload: { branch: "env-alice", correlationId: CORRELATION, action: "apply" } });
}

/** The reads every redraw starts with: the config, one live environment (env-alice at SHA), and the open pull requests (#7 into env-alice). */
function expectRedrawReads(times = 1) {
  t.fake.expectConfig(rawTestConfig(), times);
  t.gh.on(`GET ${REPO}/git/matching-refs/{ref}`, () => ({ status: 200, body: [{ ref: "refs/heads/env-alice", node_id: "x", url: "https://api.github.com/x", object: { sha: SHA, type: "commit", url: "https://api.github.com/x" } }] }), { times });
  const pull = exampleResponse("pulls/get") as { base: object };
  t.gh.on(
    `GET ${REPO}/pulls`,
    {
      status: 200,
      body: [
        { ...pull, number: 7, title: "Bigger plan", html_url: "https://github.com/octo-org/octo-repo/pull/7", base: { ...pull.base, ref: "env-alice" } },
        { ...pull, number: 8, html_url: "https://github.com/octo-org/octo-repo/pull/8" },
      ],
    },
    { times },
  );
}

describe("the dashboard issue", () => {
  it("is opened after a finished run, showing the environment as applied with its links", async () => {
    aliceRun();
    t.gh.installationToken();
    t.fake.expectCheckRunGet();
    t.fake.expectArtifact(9001, `envbranch-${CORRELATION}`, { "result.json": JSON.stringify(runResult({ correlationId: CORRELATION })) });
    t.fake.expectCheckRunUpdate();
    t.fake.expectDeploymentStatus();
    expectRedrawReads();
    t.fake.expectDeploymentList();
    t.fake.expectDeploymentStatusList();
    t.fake.expectCheckRunLookup();
    issues.expectList();
    const create = issues.expectCreate();
    await t.app.probot.receive(webhookEvent("workflow_run", workflowRunPayload(9001, CORRELATION, "success")));
    await jobs.idle();
    t.gh.assertDone();

    expect(create.calls[0]?.body).toMatchObject({ title: "envbranch: environments", labels: ["envbranch"] });
    const [issue] = issues.issues;
    expect(issue?.body).toMatch(/^<!-- envbranch-dashboard v1 sha256:[0-9a-f]{64} -->\n/);
    const row = issue?.body.split("\n").find((line) => line.startsWith("| [`env-alice`]"));
    expect(row).toContain("| applied |");
    expect(row).toContain(`[\`6113728\`](https://github.com/octo-org/octo-repo/commit/${SHA})`);
    expect(row).toContain("[open](https://app-helloworld-alice.azurewebsites.net)");
    expect(row).toContain(`(${RUN_URL})`);
    expect(row).toContain("| `alice` |");
    expect(row).toContain("[#7](https://github.com/octo-org/octo-repo/pull/7)");
    expect(row).not.toContain("#8");
  });

  it("is written at most twice for a burst of 100 events, and a redelivery opens no second one", async () => {
    aliceRun({ status: "completed", conclusion: "success" });
    t.fake.deploymentStatuses.push({ deploymentId: 55, state: "success", environment_url: "https://alice.example.net" });
    t.gh.installationToken({ persist: true });
    // The bot's own workflow runs that are not envbranch's: the handler reads nothing, the dashboard redraws.
    const event = () => webhookEvent("workflow_run", nonEnvbranchRun());
    expectRedrawReads(3);
    t.fake.expectDeploymentList(3);
    t.gh.on(`GET ${REPO}/deployments/{deployment_id}/statuses`, () => ({ status: 200, body: [{ ...(exampleResponse("repos/create-deployment-status") as object), creator: ownBot(), state: "success", environment_url: "https://alice.example.net" }] }), { persist: true });
    t.fake.expectCheckRunLookup(3);
    issues.expectList({ persist: true });
    issues.expectCreate();
    await Promise.all(Array.from({ length: 100 }, () => t.app.probot.receive(event())));
    await jobs.idle();
    await t.app.probot.receive(event());
    await jobs.idle();
    t.gh.assertDone();

    const edits = t.gh.requests.filter((r) => r.path.startsWith(`${REPO}/issues`) && r.method !== "GET").length;
    console.log(`dashboard writes for 100 events and a redelivery: ${edits}; redraws: ${t.gh.count("repos/get-content")}`);
    expect(edits).toBe(1);
    expect(issues.issues).toHaveLength(1);
  });

  it("keeps the oldest of this app's dashboards, closes the others with a link, and leaves look-alikes alone", async () => {
    const someone = { account: (exampleResponse("issues/get") as { user: { login: string; type: string } }).user, app: null };
    const stale = renderDashboard([], "https://github.com/octo-org/octo-repo").body;
    const kept = issues.seed({ body: stale });
    const forged = issues.seed({ body: stale, writer: someone });
    const duplicate = issues.seed({ body: stale });
    const titled = issues.seed({ body: "Just the title" });
    t.gh.installationToken();
    expectRedrawReads();
    // The repository-wide page, then env-alice's own listing: it never deployed.
    t.fake.expectDeploymentList(2);
    t.fake.expectCheckRunLookup();
    issues.expectList();
    const update = issues.expectUpdate({ times: 2 });
    issues.expectComment();
    await t.app.probot.receive(webhookEvent("workflow_run", nonEnvbranchRun()));
    await jobs.idle();
    t.gh.assertDone();

    expect(update.calls.map((c) => c.params.issue_number)).toEqual([String(kept.number), String(duplicate.number)]);
    expect(kept.body).toContain("| [`env-alice`]");
    expect(duplicate).toMatchObject({ state: "closed", stateReason: "not_planned", body: stale });
    expect(issues.comments).toEqual([{ issue: duplicate.number, body: expect.stringContaining(`#${kept.number}`) }]);
    expect(forged).toMatchObject({ state: "open", body: stale });
    expect(titled).toMatchObject({ state: "open", body: "Just the title" });
  });

  it("shows a deleted branch's environment as destroying once its destroy is dispatched", async () => {
    t.fake.deployments.push({ id: 55, sha: SHA, ref: SHA, environment: "env-alice", payload: { branch: "env-alice", correlationId: "c", action: "apply" } });
    t.gh.installationToken();
    t.fake.expectConfig(rawTestConfig(), 2);
    t.fake.expectDeploymentList(2);
    t.fake.expectStartRun();
    t.fake.expectDispatch();
    t.fake.expectCheckRunUpdate();
    t.gh.on(`GET ${REPO}/git/matching-refs/{ref}`, { status: 200, body: [] });
    t.gh.on(`GET ${REPO}/pulls`, { status: 200, body: [] });
    t.fake.expectDeploymentStatusList();
    t.fake.expectCheckRunLookup();
    issues.expectList();
    issues.expectCreate();
    await t.app.probot.receive(webhookEvent("delete", deleteHere("env-alice")));
    await jobs.idle();
    t.gh.assertDone();

    const row = issues.issues[0]?.body.split("\n").find((line) => line.includes("`env-alice`"));
    expect(row).toMatch(/^\| `env-alice` \| destroying \|/);
  });

  it("is never written with `dashboard: false`", async () => {
    t.gh.installationToken();
    t.fake.expectConfig(rawTestConfig({ dashboard: false }));
    await t.app.probot.receive(webhookEvent("workflow_run", nonEnvbranchRun()));
    await jobs.idle();
    t.gh.assertDone();
    expect(t.gh.requests.filter((r) => r.path.includes("/issues"))).toEqual([]);
  });

  it("is not redrawn for a push to a branch that is not an environment's: that push still reads only its config", async () => {
    t.gh.installationToken();
    // The handler's read and the redraw's check; against GitHub the second is a 304 (this mock sends no ETag).
    t.fake.expectConfig(rawTestConfig(), 2);
    await t.app.probot.receive(webhookEvent("push", pushHere("feature-x")));
    await jobs.idle();
    t.gh.assertDone();
    expect(t.gh.requests.filter((r) => r.operationId !== "apps/create-installation-access-token").map((r) => r.operationId)).toEqual(["repos/get-content", "repos/get-content"]);
  });

  it("is not redrawn for a workflow run someone else triggered", async () => {
    await t.app.probot.receive(webhookEvent("workflow_run", workflowRunPayload(9200, CORRELATION, "success", "octocat")));
    await jobs.idle();
    t.gh.assertDone();
    expect(t.gh.requests).toEqual([]);
  });
});

function ownBot() {
  return { ...(exampleResponse("repos/create-deployment") as { creator: Record<string, unknown> }).creator, login: "envbranch[bot]", type: "Bot" };
}

/** A workflow run the app's bot triggered that is not one of envbranch's runs. */
function nonEnvbranchRun() {
  const payload = workflowRunPayload(9100, CORRELATION, "success");
  (payload.workflow_run as { display_title?: string }).display_title = "Publish docs";
  return payload;
}

/** A push to `branch` in the repository these tests use. */
function pushHere(branch: string) {
  const payload = pushPayload(branch, SHA);
  const repository = payload.repository as { name: string; full_name: string; html_url: string; owner: { login: string } };
  Object.assign(repository, { name: "octo-repo", full_name: "octo-org/octo-repo", html_url: "https://github.com/octo-org/octo-repo" });
  repository.owner = { ...repository.owner, login: "octo-org" };
  return payload;
}

/** A delete of `branch` in the repository these tests use. */
function deleteHere(branch: string) {
  const payload = deletePayload(branch);
  const repository = payload.repository as { name: string; full_name: string; html_url: string; owner: { login: string } };
  Object.assign(repository, { name: "octo-repo", full_name: "octo-org/octo-repo", html_url: "https://github.com/octo-org/octo-repo" });
  repository.owner = { ...repository.owner, login: "octo-org" };
  return payload;
}
