import { describe, expect, it } from "vitest";
import { useAppTest } from "../support/app-test.js";
import { loadExample, webhookEvent, type WebhookPayload } from "../support/github/webhooks.js";
import { SetupRepoFake } from "../support/setup-repo-fake.js";
import { stringify } from "yaml";
import { commentPayload, pushPayload, TEST_BOT_LOGIN } from "../support/app-under-test.js";
import { rawTestConfig } from "../support/test-config.js";
import { exampleResponse } from "../support/github/openapi.js";

const t = useAppTest();

const NODE_APP = { "package.json": JSON.stringify({ name: "space", dependencies: { pg: "^8.16.0" } }), "src/server.js": "", "README.md": "# Space\n" };
const GRANTED = { contents: "write", workflows: "write", metadata: "read", checks: "write", pull_requests: "write", actions: "write" };

/** The recorded `installation_repositories.added` delivery (Codertocat/Space), with these permissions granted. */
function added(permissions: Record<string, string> = GRANTED): WebhookPayload<"installation_repositories"> {
  const payload = loadExample("installation_repositories", (p) => p.action === "added");
  payload.installation.permissions = permissions as typeof payload.installation.permissions;
  return payload;
}

describe("the onboarding pull request", () => {
  it("is opened from envbranch/setup with the generated files when a repository without config is added", async () => {
    t.gh.installationToken();
    const repo = new SetupRepoFake(t.gh, NODE_APP);
    repo.expectReads();
    repo.expectBlobReads();
    repo.expectWrites();
    await t.app.probot.receive(webhookEvent("installation_repositories", added()));
    t.gh.assertDone();
    expect(repo.created.blobs!.calls.map((c) => (c.body as { content: string }).content)).toEqual(expect.arrayContaining([expect.stringContaining("database: postgresql")]));
    const paths = (repo.created.trees!.calls[0]!.body as { tree: Array<{ path: string }> }).tree.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining([".github/envbranch.yml", ".github/workflows/envbranch.yml", "terraform/main.tf"]));
    expect(repo.created.refs!.calls[0]!.body).toMatchObject({ ref: "refs/heads/envbranch/setup" });
    const pull = repo.created.pulls!.calls[0]!.body as { head: string; base: string; body: string };
    expect(pull).toMatchObject({ head: "envbranch/setup", base: "main" });
    // The installer, Codertocat, is who the example environment is for.
    expect(pull.body).toContain("--subject repo:Codertocat/Space:ref:refs/heads/env-codertocat");
    expect(pull.body).toContain("`rg-space-codertocat`");
  });

  it("is opened once however many deliveries arrive, at once or one after the other", async () => {
    t.gh.installationToken({ persist: true });
    const repo = new SetupRepoFake(t.gh, NODE_APP);
    repo.expectReads();
    repo.expectBlobReads();
    repo.expectWrites();
    await Promise.all([t.app.probot.receive(webhookEvent("installation_repositories", added())), t.app.probot.receive(webhookEvent("installation_repositories", added()))]);
    await t.app.probot.receive(webhookEvent("installation_repositories", added()));
    t.gh.assertDone();
    expect(repo.created.pulls!.calls).toHaveLength(1);
    expect(repo.pulls).toHaveLength(1);
    console.log(`branch creations tried: ${repo.created.refs!.calls.length} (a second one is the race GitHub settles with 422)`);
  });

  it("is never reopened after it was closed, even with its branch deleted", async () => {
    t.gh.installationToken();
    const repo = new SetupRepoFake(t.gh, NODE_APP);
    repo.pulls.push({ number: 3, state: "closed", user: TEST_BOT_LOGIN, body: "" });
    repo.expectReads();
    await t.app.probot.receive(webhookEvent("installation_repositories", added()));
    t.gh.assertDone();
    expect(t.gh.requests.filter((r) => r.method !== "GET" && !r.path.endsWith("/access_tokens"))).toEqual([]);
  });

  it("is not opened for a repository that has a config", async () => {
    t.gh.installationToken();
    const repo = new SetupRepoFake(t.gh, { ...NODE_APP, ".github/envbranch.yml": "project: space\n" });
    repo.expectReads();
    await t.app.probot.receive(webhookEvent("installation_repositories", added()));
    t.gh.assertDone();
    expect(t.gh.count("pulls/create")).toBe(0);
  });

  it("is not opened, and nothing is read, without contents: write and workflows: write", async () => {
    await t.app.probot.receive(webhookEvent("installation_repositories", added({ ...GRANTED, workflows: "read" })));
    // The recorded installation grants no workflows permission at all.
    await t.app.probot.receive(webhookEvent("installation", loadExample("installation", (p) => p.action === "created")));
    t.gh.assertDone();
    expect(t.gh.requests).toEqual([]);
  });

  it("is opened for the repositories of a new installation", async () => {
    t.gh.installationToken();
    const repo = new SetupRepoFake(t.gh, NODE_APP, "Codertocat", "Hello-World");
    repo.expectReads();
    repo.expectBlobReads();
    repo.expectWrites();
    const payload = loadExample("installation", (p) => p.action === "created");
    payload.installation.permissions = GRANTED as typeof payload.installation.permissions;
    await t.app.probot.receive(webhookEvent("installation", payload));
    t.gh.assertDone();
    expect(repo.created.pulls!.calls).toHaveLength(1);
  });
});

describe("/envbranch setup", () => {
  const HELLO = ["Codertocat", "Hello-World"] as const;

  function expectComment(login: string, role: string) {
    const base = `/repos/${HELLO.join("/")}`;
    t.gh.installationToken();
    t.gh.on(`POST ${base}/issues/comments/4242/reactions`, { status: 201, body: exampleResponse("reactions/create-for-issue-comment") });
    t.gh.on(`GET ${base}/collaborators/${login}/permission`, { status: 200, body: { ...(exampleResponse("repos/get-collaborator-permission-level") as object), permission: role, role_name: role } });
    return t.gh.on(`POST ${base}/issues/7/comments`, { status: 201, body: exampleResponse("issues/create-comment") });
  }

  it("starts again after a close: the branch is forced to the new setup and a new pull request opened", async () => {
    const reply = expectComment("alice", "write");
    const repo = new SetupRepoFake(t.gh, NODE_APP, ...HELLO);
    repo.expectStartAgain("closed");
    await t.app.probot.receive(webhookEvent("issue_comment", commentPayload("/envbranch setup")));
    t.gh.assertDone();
    expect(repo.refs.get("heads/envbranch/setup")).toBe("e".repeat(40));
    expect(repo.pulls.map((p) => [p.number, p.state])).toEqual([[1, "closed"], [2, "open"]]);
    expect(repo.pulls[1]!.body).toContain("`env-alice`");
    expect((reply.calls[0]!.body as { body: string }).body).toBe("@alice Generated the setup from `main` and opened #2.");
  });

  it("refreshes the open onboarding pull request instead of opening another", async () => {
    const reply = expectComment("alice", "admin");
    const repo = new SetupRepoFake(t.gh, NODE_APP, ...HELLO);
    repo.expectStartAgain("open");
    // No pull request is created: a POST of one would be an unexpected request.
    await t.app.probot.receive(webhookEvent("issue_comment", commentPayload("/envbranch setup")));
    t.gh.assertDone();
    expect(repo.pulls[0]!.body).toContain("envbranch-setup");
    expect((reply.calls[0]!.body as { body: string }).body).toBe("@alice Generated the setup again from `main`: #1 has it.");
  });

  it("is refused to someone who may not push, and writes nothing", async () => {
    const reply = expectComment("mallory", "read");
    await t.app.probot.receive(webhookEvent("issue_comment", commentPayload("/envbranch setup", 7, "mallory")));
    t.gh.assertDone();
    expect((reply.calls[0]!.body as { body: string }).body).toBe("@mallory @mallory has read permission, and `/envbranch setup` needs write permission or higher, because it writes a branch and opens a pull request in envbranch's name.");
  });
});

describe("the onboarding pull request's body, when the config on envbranch/setup is edited", () => {
  const HELLO = ["Codertocat", "Hello-World"] as const;
  const SHA = "a".repeat(40);
  const EDITED = stringify({ ...rawTestConfig({ project: "rocket" }), azure: { ...(rawTestConfig().azure as object), location: "northeurope" } });

  /** The recorded push, re-aimed at the setup branch, its one commit changing these files. */
  function setupPush(modified: string[], sender?: { login: string; type: string }): WebhookPayload<"push"> {
    const payload = pushPayload("envbranch/setup", SHA, { modified });
    if (sender) payload.sender = { ...payload.sender!, ...sender };
    return payload;
  }

  function openPull(): SetupRepoFake {
    t.gh.installationToken();
    const repo = new SetupRepoFake(t.gh, NODE_APP, ...HELLO);
    repo.pulls.push({ number: 1, state: "open", user: TEST_BOT_LOGIN, body: "old" });
    return repo;
  }

  it("follows a person's edit, and is not written again when it already says so", async () => {
    const repo = openPull();
    repo.expectReads({ setupRef: false });
    repo.expectBlobReads();
    repo.expectBranchConfig(SHA, EDITED);
    repo.expectBranchConfig(SHA, EDITED);
    repo.expectPullUpdates();
    await t.app.probot.receive(webhookEvent("push", setupPush([".github/envbranch.yml"])));
    await t.app.probot.receive(webhookEvent("push", setupPush([".github/envbranch.yml"])));
    t.gh.assertDone();
    expect(repo.created.pullUpdates!.calls).toHaveLength(1);
    const body = repo.pulls[0]!.body;
    // The pusher, Codertocat, is who the example environment is for; its names come from the edited config.
    expect(body).toContain("the resource group `rg-rocket-codertocat` in `northeurope`");
    expect(body).toContain("`sttfstate/tfstate`");
    expect(body).not.toContain("is invalid");
  });

  it("says which key on which line is wrong when the edit makes the config invalid", async () => {
    const repo = openPull();
    repo.expectReads({ setupRef: false });
    repo.expectBlobReads();
    repo.expectBranchConfig(SHA, `${EDITED}colour: blue\n`);
    repo.expectPullUpdates();
    await t.app.probot.receive(webhookEvent("push", setupPush([".github/envbranch.yml"])));
    t.gh.assertDone();
    const body = repo.pulls[0]!.body;
    const line = EDITED.split("\n").length;
    expect(body).toContain("### `.github/envbranch.yml` on this branch is invalid");
    expect(body).toContain(`- line ${line}, \`colour\`: unknown key`);
    // Until it is fixed, the generated config's names are shown.
    expect(body).toContain("`rg-helloworld-codertocat`");
  });

  it("is left alone for the app's own push and for a push that does not touch the config", async () => {
    await t.app.probot.receive(webhookEvent("push", setupPush([".github/envbranch.yml"], { login: TEST_BOT_LOGIN, type: "Bot" })));
    await t.app.probot.receive(webhookEvent("push", setupPush(["terraform/main.tf"])));
    t.gh.assertDone();
    expect(t.gh.requests).toEqual([]);
  });

  it("is not touched once closed, nor is a pull request from the branch that someone else opened", async () => {
    t.gh.installationToken();
    const repo = new SetupRepoFake(t.gh, NODE_APP, ...HELLO);
    repo.pulls.push({ number: 1, state: "closed", user: TEST_BOT_LOGIN, body: "old" }, { number: 2, state: "open", user: "mallory", body: "mine" });
    repo.expectPullList();
    await t.app.probot.receive(webhookEvent("push", setupPush([".github/envbranch.yml"])));
    t.gh.assertDone();
    expect(t.gh.requests.filter((r) => r.method !== "GET" && !r.path.endsWith("/access_tokens"))).toEqual([]);
    expect(repo.pulls.map((p) => p.body)).toEqual(["old", "mine"]);
  });
});
