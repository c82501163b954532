import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { progressMarker } from "../../app/decisions/run-progress.js";
import { parseSpec } from "../../app/spec/spec-schema.js";
import { exampleResponse } from "../support/github/openapi.js";
import { cleanupGitHubMocks, mockGitHub, type MockGitHub } from "../support/github/mock-github.js";
import { createTestProbot, type TestProbot } from "../support/github/test-probot.js";
import { webhookEvent } from "../support/github/webhooks.js";
import { appWith, pullRequestPayload } from "../support/app-under-test.js";
import { RepoFake } from "../support/repo-fake.js";
import { rawTestConfig } from "../support/test-config.js";

// applyOn: merge as the pull request's people see it: the note the merge leaves in the sticky comment
// says why nothing was applied, and an approver of a listed team counts like one by permission.

const HEAD = "c0ffee0000000000000000000000000000000001";
const MERGE = "deadbeef00000000000000000000000000000002";
const OWNER = "Codertocat";
const REPO = "Hello-World";
const STICKY = "<!-- envbranch-plan: env-staging -->\n### envbranch `plan` of `env-staging` at `c0ffee0`: 1 to add, 0 to change, 0 to destroy";

let gh: MockGitHub;
let fake: RepoFake;
let app: TestProbot;

beforeEach(async () => {
  gh = mockGitHub();
  app = await createTestProbot(appWith().appFn);
  fake = new RepoFake(gh, OWNER, REPO);
});
afterEach((context) => cleanupGitHubMocks(context));

function config(approvers: Record<string, unknown> = {}) {
  return rawTestConfig({ environments: [{ branch: "env-staging", approval: "required", applyOn: "merge", approvers }] });
}

/** The successful plan of the head that an approval of it stands on. */
function plannedHead() {
  const summary = progressMarker({ stage: "completed", correlationId: "staging-plan-900-0123abcd", runId: 31, savedPlan: { key: "envbranch/codertocat/hello-world/staging/plans/staging-plan-900-0123abcd.tfplan", sha256: "5".repeat(64) }, outcome: "succeeded", offerApply: true, author: "bob", pullRequest: 7 });
  fake.checkRuns.push({ id: 900, head_sha: HEAD, name: "envbranch: env-staging", external_id: `envbranch:staging:${HEAD}:plan`, status: "completed", conclusion: "success", output: { title: "", summary } });
}

/** The pull request's sticky comment, written by this app before the merge. */
function stickyComment() {
  fake.comments.push({ id: 3, issue: 7, performed_via_github_app: { id: 1 }, body: STICKY });
}

function merged(options: { mergeCommit?: string | null; organization?: boolean } = {}) {
  const payload = pullRequestPayload("closed", "env-staging", HEAD);
  payload.pull_request.merged = true;
  payload.pull_request.merge_commit_sha = options.mergeCommit === undefined ? MERGE : options.mergeCommit;
  payload.pull_request.user = { ...payload.pull_request.user, login: "bob" } as typeof payload.pull_request.user;
  if (options.organization) payload.repository.owner = { ...payload.repository.owner, type: "Organization" } as typeof payload.repository.owner;
  return payload;
}

function expectApprovals(logins: string[], commit = HEAD) {
  const example = exampleResponse("pulls/get-review") as Record<string, unknown> & { user: object };
  gh.on(`GET /repos/${OWNER}/${REPO}/pulls/7/reviews`, {
    status: 200,
    body: logins.map((login, i) => ({ ...example, id: i + 1, state: "APPROVED", commit_id: commit, user: { ...example.user, login, type: "User" } })),
  });
}

function expectRole(login: string, role: string) {
  gh.on(`GET /repos/${OWNER}/${REPO}/collaborators/${login}/permission`, { status: 200, body: { ...(exampleResponse("repos/get-collaborator-permission-level") as object), role_name: role } });
}

function expectMembership(team: string, login: string, state: "active" | "pending") {
  gh.on(`GET /orgs/${OWNER}/teams/${team}/memberships/${login}`, { status: 200, body: { ...(exampleResponse("teams/get-membership-for-user-in-org") as object), state } });
}

/** What the merge added to the sticky comment. */
function note(): string {
  const body = fake.comments[0]?.body ?? "";
  expect(body.startsWith(`${STICKY}\n\n---\n`), body).toBe(true);
  return body.slice(STICKY.length + "\n\n---\n".length);
}

describe("applyOn: merge, the note it leaves", () => {
  it("names every approver who may not apply, each with the reason, in the order they approved", async () => {
    plannedHead();
    stickyComment();
    gh.installationToken();
    fake.expectConfig(config());
    expectApprovals(["carol", "dave"]);
    fake.expectCheckRunLookup();
    expectRole("carol", "read");
    expectRole("dave", "triage");
    fake.expectCommentList();
    fake.expectCommentUpdate();
    await app.probot.receive(webhookEvent("pull_request", merged()));
    gh.assertDone();
    expect(fake.dispatches).toHaveLength(0);
    const refusal = (login: string, role: string) => `@${login}: @${login} has ${role} permission, and applying needs write permission or higher.`;
    expect(note()).toBe(`Merged, but nothing was applied: ${refusal("carol", "read")} ${refusal("dave", "triage")}`);
  });

  it("names the head no review approves, by its short sha", async () => {
    stickyComment();
    gh.installationToken();
    fake.expectConfig(config());
    expectApprovals(["alice"], "0".repeat(40));
    fake.expectCommentList();
    fake.expectCommentUpdate();
    await app.probot.receive(webhookEvent("pull_request", merged()));
    gh.assertDone();
    expect(note()).toBe("Merged, but nothing was applied: no review approves the head c0ffee0.");
  });

  it("applies nothing, and reads no review, when GitHub reports no merge commit", async () => {
    stickyComment();
    gh.installationToken();
    fake.expectConfig(config());
    fake.expectCommentList();
    fake.expectCommentUpdate();
    await app.probot.receive(webhookEvent("pull_request", merged({ mergeCommit: null })));
    gh.assertDone();
    expect(fake.dispatches).toHaveLength(0);
    expect(note()).toBe("Merged, but nothing was applied: GitHub reports no merge commit.");
  });
});

describe("applyOn: merge, an approver by team", () => {
  it("applies the merge commit when an active member of a listed team approved, and logs who", async () => {
    plannedHead();
    gh.installationToken();
    fake.expectConfig(config({ teams: ["platform"] }));
    expectApprovals(["erin"]);
    fake.expectCheckRunLookup();
    expectRole("erin", "read");
    expectMembership("platform", "erin", "active");
    fake.expectStartRun();
    fake.expectDeploymentCreate();
    const dispatch = fake.expectDispatch();
    fake.expectCheckRunUpdate();
    fake.expectCommentList();
    await app.probot.receive(webhookEvent("pull_request", merged({ organization: true })));
    gh.assertDone();
    expect(parseSpec((dispatch.calls[0]?.body as { inputs: { spec: string } }).inputs.spec)).toMatchObject({ action: "apply", sha: MERGE });
    expect(app.logs).toContainEqual(expect.objectContaining({ approver: "erin", pullRequest: 7, msg: "merged with an authorised approval; applying the merge commit" }));
  });

  it("applies nothing while the approver's membership of the team is still pending", async () => {
    plannedHead();
    stickyComment();
    gh.installationToken();
    fake.expectConfig(config({ teams: ["platform"] }));
    expectApprovals(["erin"]);
    fake.expectCheckRunLookup();
    expectRole("erin", "read");
    expectMembership("platform", "erin", "pending");
    fake.expectCommentList();
    fake.expectCommentUpdate();
    await app.probot.receive(webhookEvent("pull_request", merged({ organization: true })));
    gh.assertDone();
    expect(fake.dispatches).toHaveLength(0);
    expect(note()).toBe("Merged, but nothing was applied: @erin: @erin has read permission, and applying needs write permission or higher, or being an approver listed in `.github/envbranch.yml` (teams `platform`).");
  });
});
