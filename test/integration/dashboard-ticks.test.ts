import { useAppTest } from "../support/app-test.js";
import { beforeEach, describe, expect, it } from "vitest";
import { BackgroundJobs } from "../../app/background/background-jobs.js";
import { CoalescedJobs } from "../../app/background/coalesced-jobs.js";
import type { EnvironmentRecord } from "../../app/decisions/environments-model.js";
import { parseSpec } from "../../app/spec/spec-schema.js";
import { renderDashboard, tickLine, type TickCommand } from "../../app/templates/dashboard-body.js";
import { exampleResponse } from "../support/github/openapi.js";
import { loadExample, webhookEvent, type WebhookPayload } from "../support/github/webhooks.js";
import { TEST_BOT_LOGIN } from "../support/app-under-test.js";
import { IssueFake } from "../support/issue-fake.js";
import { OWN_APP, OWN_BOT } from "../support/repo-fake.js";
import { rawTestConfig } from "../support/test-config.js";

const HEAD = "c0ffee0000000000000000000000000000000001";
const DEPLOYED = "c0ffee0000000000000000000000000000000000";
const REPO = "/repos/Codertocat/Hello-World";
const URL = "https://github.com/Codertocat/Hello-World";

const jobs = new BackgroundJobs();
const t = useAppTest({ deps: { jobs, dashboards: new CoalescedJobs(jobs) } });
let issues: IssueFake;
beforeEach(() => {
  issues = new IssueFake(t.gh);
});

const alice: EnvironmentRecord = {
  branch: "env-alice",
  slug: "alice",
  githubEnvironment: "env-alice",
  state: "applied",
  head: HEAD,
  applied: null,
  pusher: "alice",
  url: null,
  run: null,
  plan: null,
  pullRequests: [],
  activityAt: "",
};

/** The dashboard as the app drew it, seeded as this app's issue. */
function seedDashboard() {
  return issues.seed({ body: renderDashboard([alice], URL).body });
}

/** A recorded `issues.edited` delivery of the dashboard: `sender` ticked `command`'s box of env-alice. */
function tickEdit(issue: { number: number; body: string }, command: TickCommand, sender: { login: string; type: string } = { login: "bob", type: "User" }): WebhookPayload<"issues"> {
  const payload = loadExample("issues", (p) => p.action === "edited") as WebhookPayload<"issues"> & Record<string, any>;
  const line = tickLine(command, alice);
  payload.installation = { id: 1, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==" };
  payload.changes = { body: { from: issue.body } };
  Object.assign(payload.issue, {
    number: issue.number,
    body: issue.body.replace(line, line.replace("- [ ] ", "- [x] ")),
    labels: [{ id: 1, node_id: "L1", url: "", name: "envbranch", color: "ffffff", default: false, description: null }],
    user: OWN_BOT,
    performed_via_github_app: OWN_APP,
  });
  payload.sender = { ...payload.sender, login: sender.login, type: sender.type };
  return payload;
}

/** The reads that gather the environments, but the deployments: env-alice live at HEAD, no pull requests. */
function expectGather(times: number) {
  const ref = { ref: "refs/heads/env-alice", node_id: "x", url: "https://api.github.com/x", object: { sha: HEAD, type: "commit", url: "https://api.github.com/x" } };
  t.gh.on(`GET ${REPO}/git/matching-refs/{ref}`, { status: 200, body: [ref] }, { times });
  t.gh.on(`GET ${REPO}/pulls`, { status: 200, body: [] }, { times });
  t.fake.expectCheckRunLookup(times);
}

function expectPermission(login: string, role: string) {
  t.gh.on(`GET ${REPO}/collaborators/${login}/permission`, { status: 200, body: { ...(exampleResponse("repos/get-collaborator-permission-level") as object), permission: role, role_name: role } });
}

const replies = () => issues.comments.map((c) => c.body);

describe("a ticked box of the dashboard issue", () => {
  it("plans env-alice's head for a writer, answers in the issue, and is redrawn unticked", async () => {
    const issue = seedDashboard();
    t.gh.installationToken();
    t.fake.expectConfig(rawTestConfig(), 2);
    expectGather(2);
    // The repository-wide page and env-alice's own listing, in the handler and again in the redraw.
    t.fake.expectDeploymentList(4);
    expectPermission("bob", "write");
    t.fake.expectStartRun();
    const dispatch = t.fake.expectDispatch();
    t.fake.expectCheckRunUpdate();
    issues.expectComment();
    issues.expectList();
    issues.expectUpdate();
    await t.app.probot.receive(webhookEvent("issues", tickEdit(issue, "plan")));
    await jobs.idle();
    t.gh.assertDone();

    const spec = parseSpec((dispatch.calls[0]?.body as { inputs: { spec: string } }).inputs.spec);
    expect(spec).toMatchObject({ action: "plan", sha: HEAD, branch: "env-alice" });
    expect(replies()).toEqual([expect.stringMatching(/^@bob Planning `c0ffee0` against `env-alice`\. \[Workflow run\]\(https:\/\/github\.com\/Codertocat\/Hello-World\/actions\/runs\/5001\)\.$/)]);
    expect(issue.body).toContain(tickLine("plan", alice));
    expect(issue.body).not.toContain("- [x]");
  });

  it("starts no second plan when the same edit is delivered again: the run's key finds the first", async () => {
    const issue = seedDashboard();
    const edit = tickEdit(issue, "plan");
    t.gh.installationToken({ persist: true });
    // Each delivery's handler, and the redraw after each: the second finds the body drawn and writes nothing.
    t.fake.expectConfig(rawTestConfig(), 4);
    expectGather(4);
    t.fake.expectDeploymentList(8);
    expectPermission("bob", "write");
    t.gh.on(`GET ${REPO}/collaborators/bob/permission`, { status: 200, body: { ...(exampleResponse("repos/get-collaborator-permission-level") as object), permission: "write", role_name: "write" } });
    t.fake.expectStartRun(2);
    t.fake.expectDispatch();
    t.fake.expectCheckRunUpdate(2);
    issues.expectComment({ times: 2 });
    issues.expectList({ times: 2 });
    issues.expectUpdate();
    await t.app.probot.receive(webhookEvent("issues", edit, "delivery-1"));
    await t.app.probot.receive(webhookEvent("issues", structuredClone(edit), "delivery-1"));
    await jobs.idle();
    t.gh.assertDone();

    expect(t.fake.dispatches).toHaveLength(1);
    expect(replies()[1]).toMatch(/^@bob Nothing new to do: already dispatched\.$/);
  });

  it("does nothing but say why for a ticker without write permission", async () => {
    const issue = seedDashboard();
    t.gh.installationToken();
    t.fake.expectConfig(rawTestConfig(), 2);
    expectGather(2);
    t.fake.expectDeploymentList(4);
    expectPermission("bob", "read");
    issues.expectComment();
    issues.expectList();
    issues.expectUpdate();
    await t.app.probot.receive(webhookEvent("issues", tickEdit(issue, "plan")));
    await jobs.idle();
    t.gh.assertDone();

    expect(t.fake.dispatches).toHaveLength(0);
    expect(t.fake.checkRuns).toHaveLength(0);
    expect(replies()).toEqual(["@bob Not done: @bob has read permission, and planning needs write permission or higher."]);
    expect(issue.body).not.toContain("- [x]");
  });

  it("does nothing but say why for a tick by another app's bot", async () => {
    const issue = seedDashboard();
    t.gh.installationToken();
    t.fake.expectConfig(rawTestConfig(), 2);
    expectGather(2);
    t.fake.expectDeploymentList(4);
    issues.expectComment();
    issues.expectList();
    issues.expectUpdate();
    await t.app.probot.receive(webhookEvent("issues", tickEdit(issue, "destroy", { login: "renovate[bot]", type: "Bot" })));
    await jobs.idle();
    t.gh.assertDone();

    expect(t.fake.dispatches).toHaveLength(0);
    expect(replies()).toEqual(["@renovate[bot] Not done: envbranch takes commands only from people and renovate[bot] is not one, so a person must tick the box."]);
  });

  it.each([
    { guard: "branch protection", protectedBranch: true, rules: [] },
    { guard: "a ruleset restricting deletion", protectedBranch: false, rules: [{ type: "deletion" }] },
  ])("refuses destroy on a branch guarded by $guard even for an admin, and destroys nothing", async ({ protectedBranch, rules }) => {
    const issue = seedDashboard();
    t.fake.deployments.push({ id: 55, sha: DEPLOYED, ref: DEPLOYED, environment: "env-alice", payload: { branch: "env-alice", correlationId: "c", action: "apply" } });
    t.gh.installationToken();
    t.fake.expectConfig(rawTestConfig(), 2);
    expectGather(2);
    // Handler: the repository-wide page (env-alice is on it), then the destroy's own lookup; the redraw: the page.
    t.fake.expectDeploymentList(3);
    t.fake.expectDeploymentStatusList();
    t.gh.on(`GET ${REPO}/deployments/{deployment_id}/statuses`, { status: 200, body: [] });
    expectPermission("bob", "admin");
    t.gh.on(`GET ${REPO}/branches/{branch}`, { status: 200, body: { ...(exampleResponse("repos/get-branch") as object), name: "env-alice", protected: protectedBranch } });
    t.gh.on(`GET ${REPO}/rules/branches/{branch}`, { status: 200, body: rules });
    issues.expectComment();
    issues.expectList();
    issues.expectUpdate();
    await t.app.probot.receive(webhookEvent("issues", tickEdit(issue, "destroy")));
    await jobs.idle();
    t.gh.assertDone();

    expect(t.fake.dispatches).toHaveLength(0);
    expect(replies()[0]).toContain("@bob Not done: `env-alice` is protected by branch protection or a ruleset");
  });

  it("destroys env-alice's deployed commit for a writer on an unprotected branch, dispatched on the default branch", async () => {
    const issue = seedDashboard();
    t.fake.deployments.push({ id: 55, sha: DEPLOYED, ref: DEPLOYED, environment: "env-alice", payload: { branch: "env-alice", correlationId: "c", action: "apply" } });
    t.gh.installationToken();
    t.fake.expectConfig(rawTestConfig(), 2);
    expectGather(2);
    t.fake.expectDeploymentList(3);
    t.gh.on(`GET ${REPO}/deployments/{deployment_id}/statuses`, { status: 200, body: [] }, { times: 2 });
    expectPermission("bob", "write");
    t.gh.on(`GET ${REPO}/branches/{branch}`, { status: 200, body: { ...(exampleResponse("repos/get-branch") as object), name: "env-alice", protected: false } });
    t.gh.on(`GET ${REPO}/rules/branches/{branch}`, { status: 200, body: [{ type: "non_fast_forward" }] });
    t.fake.expectStartRun();
    const dispatch = t.fake.expectDispatch();
    t.fake.expectCheckRunUpdate();
    issues.expectComment();
    issues.expectList();
    issues.expectUpdate();
    await t.app.probot.receive(webhookEvent("issues", tickEdit(issue, "destroy")));
    await jobs.idle();
    t.gh.assertDone();

    const spec = parseSpec((dispatch.calls[0]?.body as { inputs: { spec: string } }).inputs.spec);
    expect(spec).toMatchObject({ action: "destroy", sha: DEPLOYED });
    expect(dispatch.calls[0]?.body).toMatchObject({ ref: "master" });
    expect(replies()[0]).toMatch(/^@bob Destroying `env-alice` at its deployed commit `c0ffee0`, as deleting its branch would\. The branch stays/);
  });

  it("does nothing at all for an edit by the app's own bot, or a malformed delivery", async () => {
    const issue = seedDashboard();
    await t.app.probot.receive(webhookEvent("issues", tickEdit(issue, "plan", { login: TEST_BOT_LOGIN, type: "Bot" })));
    const broken = tickEdit(issue, "plan") as Record<string, any>;
    broken.changes.body.from = 42;
    await t.app.probot.receive(webhookEvent("issues", broken as WebhookPayload<"issues">, "broken-delivery"));
    await jobs.idle();
    t.gh.assertDone();
    expect(t.gh.requests).toEqual([]);
    const logged = t.app.logs.filter((l) => l.delivery === "broken-delivery" && l.level >= 40);
    expect(logged.map((l) => l.msg)).toEqual(["issues.edited payload not usable, ignored: changes.body.from: Invalid input: expected string, received number"]);
    expect(issue.body).toBe(renderDashboard([alice], URL).body);
  });

  it("ignores a look-alike issue someone else opened with the label and marker", async () => {
    const issue = issues.seed({ body: renderDashboard([alice], URL).body, writer: { account: { login: "Codertocat", type: "User" }, app: null } });
    // The recorded payload's own author, Codertocat, a person.
    const edit = tickEdit(issue, "plan") as Record<string, any>;
    edit.issue.user = loadExample("issues", (p) => p.action === "edited").issue.user;
    edit.issue.performed_via_github_app = null;
    await t.app.probot.receive(webhookEvent("issues", edit as WebhookPayload<"issues">));
    await jobs.idle();
    t.gh.assertDone();
    expect(t.gh.requests).toEqual([]);
  });
});
