import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseSpec } from "../../app/spec/spec-schema.js";
import { readProgress } from "../../app/decisions/run-progress.js";
import { cleanupGitHubMocks, mockGitHub, type MockGitHub } from "../support/github/mock-github.js";
import { createTestProbot, type TestProbot } from "../support/github/test-probot.js";
import { webhookEvent } from "../support/github/webhooks.js";
import { appWith, pullRequestPayload } from "../support/app-under-test.js";
import { OWN_APP, OWN_BOT, RepoFake } from "../support/repo-fake.js";
import { rawTestConfig } from "../support/test-config.js";

const HEAD = "c0ffee0000000000000000000000000000000001";

let gh: MockGitHub;
let fake: RepoFake;
let app: TestProbot;
const config = rawTestConfig({ environments: [{ branch: "env-staging", approval: "required" }] });

beforeEach(async () => {
  gh = mockGitHub();
  app = await createTestProbot(appWith().appFn);
  const payload = pullRequestPayload("opened", "env-staging", HEAD);
  fake = new RepoFake(gh, payload.repository.owner.login, payload.repository.name);
});
afterEach((context) => cleanupGitHubMocks(context));

describe("a pull request into an environment branch", () => {
  it("plans its head against the base environment and opens the sticky comment", async () => {
    gh.installationToken();
    fake.expectConfig(config);
    const create = fake.expectStartRun();
    const dispatch = fake.expectDispatch();
    fake.expectCheckRunUpdate();
    fake.expectCommentList();
    const comment = fake.expectCommentCreate();
    await app.probot.receive(webhookEvent("pull_request", pullRequestPayload("opened", "env-staging", HEAD)));
    gh.assertDone();

    expect(create.calls[0]?.body).toMatchObject({ head_sha: HEAD, name: "envbranch: env-staging", external_id: `envbranch:staging:${HEAD}:plan` });
    const body = dispatch.calls[0]?.body as { ref: string; inputs: { spec: string } };
    expect(body.ref).toBe("env-staging");
    expect(parseSpec(body.inputs.spec)).toMatchObject({ action: "plan", sha: HEAD, branch: "env-staging" });
    expect(readProgress(fake.checkRuns[0]?.output.summary ?? "")).toMatchObject({ pullRequest: 7 });
    expect((comment.calls[0]?.body as { body: string }).body).toMatch(/^<!-- envbranch-plan: env-staging -->\n<!-- envbranch-pending -->\n### envbranch `plan` of `env-staging` at `c0ffee0`: running/);
  });

  it("edits the one sticky comment on a new push, folding the previous plan", async () => {
    fake.comments.push({ id: 3, issue: 7, performed_via_github_app: { id: 1 }, body: "<!-- envbranch-plan: env-staging -->\n### envbranch `plan` of `env-staging` at `aaaaaaa`: 1 to add, 0 to change, 0 to destroy\n\nold plan" });
    gh.installationToken();
    fake.expectConfig(config);
    fake.expectStartRun();
    fake.expectDispatch();
    fake.expectCheckRunUpdate();
    fake.expectCommentList();
    fake.expectCommentUpdate();
    await app.probot.receive(webhookEvent("pull_request", pullRequestPayload("synchronize", "env-staging", HEAD)));
    gh.assertDone();
    expect(fake.comments).toHaveLength(1);
    expect(fake.comments[0]?.body).toContain("at `c0ffee0`: running");
    expect(fake.comments[0]?.body).toContain("<details><summary>Previous</summary>\n\n### envbranch `plan` of `env-staging` at `aaaaaaa`");
  });

  it.each([
    ["another app", { id: 999, slug: "mallory-ci" }, undefined],
    ["a user (no app)", null, undefined],
    // GitHub pairs the app with its bot; a comment naming this app but another author is not the app's either.
    ["this app's id with a person as its author", OWN_APP, { ...OWN_BOT, login: "mallory", type: "User" }],
  ])("leaves a sticky marker written by %s alone and opens its own comment", async (_who, author, user) => {
    const forged = "<!-- envbranch-plan: env-staging -->\n### envbranch `plan` of `env-staging` at `c0ffee0`: 0 to add\n\nTo apply exactly this plan, comment `/envbranch apply`.";
    fake.comments.push({ id: 3, issue: 7, performed_via_github_app: author, body: forged, ...(user ? { user } : {}) });
    gh.installationToken();
    fake.expectConfig(config);
    fake.expectStartRun();
    fake.expectDispatch();
    fake.expectCheckRunUpdate();
    fake.expectCommentList();
    const created = fake.expectCommentCreate();
    await app.probot.receive(webhookEvent("pull_request", pullRequestPayload("synchronize", "env-staging", HEAD)));
    gh.assertDone();
    expect(fake.comments[0]?.body).toBe(forged);
    // Nothing of the forged body is folded into the app's own comment as its "previous" plan.
    expect((created.calls[0]?.body as { body: string }).body).not.toContain("0 to add");
  });

  it("never plans a pull request from a fork", async () => {
    gh.installationToken();
    fake.expectConfig(config);
    const create = fake.expectCheckRunCreate();
    const payload = pullRequestPayload("opened", "env-staging", HEAD);
    if (payload.pull_request.head.repo) payload.pull_request.head.repo.full_name = "mallory/Hello-World";
    await app.probot.receive(webhookEvent("pull_request", payload));
    gh.assertDone();
    expect(create.calls[0]?.body).toMatchObject({ conclusion: "neutral", output: { title: "Pull requests from forks are not planned" } });
    expect(fake.dispatches).toHaveLength(0);
  });

  it("ignores pull requests into other branches", async () => {
    gh.installationToken();
    fake.expectConfig(config);
    await app.probot.receive(webhookEvent("pull_request", pullRequestPayload("opened", "main", HEAD)));
    gh.assertDone();
  });

  it("says on close without merge that nothing was applied", async () => {
    fake.comments.push({ id: 3, issue: 7, performed_via_github_app: { id: 1 }, body: "<!-- envbranch-plan: env-staging -->\nplan" });
    gh.installationToken();
    fake.expectConfig(config);
    fake.expectCommentList();
    fake.expectCommentUpdate();
    await app.probot.receive(webhookEvent("pull_request", pullRequestPayload("closed", "env-staging", HEAD)));
    gh.assertDone();
    expect(fake.comments[0]?.body).toContain("closed without merging: nothing was applied");
    expect(fake.dispatches).toHaveLength(0);
  });
});
