import { Probot } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TEST_APP_ID, testAppKey } from "../support/github/test-app-key.js";
import { createTestProbot } from "../support/github/test-probot.js";
import { fakeSha } from "./fake-github/driver/repo-driver.js";
import { startFakeGitHub, type FakeGitHub } from "./fake-github/fake-github.js";

const REPO = "octo-org/shop";
const [owner, repo] = REPO.split("/") as [string, string];

let fake: FakeGitHub;
let probot: Probot;

beforeEach(async () => {
  fake = await startFakeGitHub({ appId: TEST_APP_ID, publicKey: testAppKey().publicKey });
  fake.addRepo({ owner, name: repo, files: { ".github/envbranch.yml": "project: shop\n" } });
  ({ probot } = await createTestProbot(() => undefined, { baseUrl: fake.url }));
});

afterEach(async () => {
  await fake.close();
});

describe("the fake GitHub's issues", () => {
  it("opens issues as the app's bot after the pull requests' numbers, lists them by label and state, edits, closes and comments", async () => {
    const octokit = await probot.auth(fake.repo(REPO).installationId);
    fake.pushBranch(REPO, "feature", fakeSha("feature-1"));
    const pull = fake.openPullRequest(REPO, { head: "feature", base: "main", user: "alice" });
    const first = await octokit.rest.issues.create({ owner, repo, title: "one", body: "a", labels: ["envbranch"] });
    const second = await octokit.rest.issues.create({ owner, repo, title: "two", body: "b" });
    expect([first.data.number, second.data.number]).toEqual([pull.number + 1, pull.number + 2]);
    expect(first.data).toMatchObject({ user: { login: fake.botLogin, type: "Bot" }, performed_via_github_app: { id: TEST_APP_ID }, labels: [{ name: "envbranch" }] });
    expect(first.data.pull_request).toBeUndefined();

    const labelled = await octokit.rest.issues.listForRepo({ owner, repo, labels: "envbranch", state: "open", direction: "asc" });
    expect(labelled.data.map((i) => i.number)).toEqual([first.data.number]);
    await octokit.rest.issues.update({ owner, repo, issue_number: first.data.number, body: "a2" });
    await octokit.rest.issues.createComment({ owner, repo, issue_number: second.data.number, body: "closing" });
    await octokit.rest.issues.update({ owner, repo, issue_number: second.data.number, state: "closed", state_reason: "not_planned" });
    const open = await octokit.rest.issues.listForRepo({ owner, repo });
    expect(open.data.map((i) => [i.number, i.body])).toEqual([[first.data.number, "a2"]]);
    const closed = await octokit.rest.issues.get({ owner, repo, issue_number: second.data.number });
    expect(closed.data).toMatchObject({ state: "closed", state_reason: "not_planned" });
    expect((await octokit.rest.issues.listComments({ owner, repo, issue_number: second.data.number })).data.map((c) => c.body)).toEqual(["closing"]);
    await expect(octokit.rest.issues.get({ owner, repo, issue_number: 99 })).rejects.toMatchObject({ status: 404 });
    expect(fake.violations).toEqual([]);
  });
});
