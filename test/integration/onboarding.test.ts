import { describe, expect, it } from "vitest";
import { useAppTest } from "../support/app-test.js";
import { loadExample, webhookEvent, type WebhookPayload } from "../support/github/webhooks.js";
import { SetupRepoFake } from "../support/setup-repo-fake.js";
import { TEST_BOT_LOGIN } from "../support/app-under-test.js";

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
