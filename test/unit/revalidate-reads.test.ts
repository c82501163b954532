import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ReadCache } from "../../app/adapters/github/read-cache.js";
import { revalidateReads } from "../../app/adapters/github/revalidate-reads.js";
import type { GitHub } from "../../app/adapters/github/github-client.js";
import { cleanupGitHubMocks, mockGitHub, type GitHubCall, type MockGitHub } from "../support/github/mock-github.js";
import { createTestProbot, type TestProbot } from "../support/github/test-probot.js";

const REFS = "GET /repos/Codertocat/Hello-World/git/matching-refs/{ref}";
const repo = { owner: "Codertocat", repo: "Hello-World" };
const ref = (sha: string) => [{ ref: "refs/heads/env-alice", node_id: "x", url: "https://api.github.com/x", object: { sha, type: "commit", url: "https://api.github.com/x" } }];
const conditionalOn = (etag: string) => (call: GitHubCall) => call.headers["if-none-match"] === etag;
const unconditional = (call: GitHubCall) => call.headers["if-none-match"] === undefined;

let gh: MockGitHub;
let app: TestProbot;
let cache: ReadCache;

beforeEach(async () => {
  gh = mockGitHub();
  app = await createTestProbot(() => undefined);
  gh.installationToken();
  cache = new ReadCache({ maxEntries: 10, maxBytes: 100_000, ttlMs: 60_000, now: Date.now });
});
afterEach((context) => cleanupGitHubMocks(context));

async function client(scope = "1"): Promise<GitHub> {
  const octokit = (await app.probot.auth(1)) as unknown as GitHub;
  revalidateReads(octokit, cache, scope);
  return octokit;
}

describe("reads revalidated by ETag", () => {
  it("send the kept ETag and, on a 304, give the kept answer dated by the 304", async () => {
    gh.on(REFS, { status: 200, body: ref("a".repeat(40)), headers: { etag: 'W/"1"', date: "Mon, 23 Nov 2026 10:00:00 GMT" } }, { match: unconditional });
    gh.on(REFS, { status: 304, headers: { etag: 'W/"1"', date: "Mon, 23 Nov 2026 10:05:00 GMT" } }, { match: conditionalOn('W/"1"') });
    const octokit = await client();
    await octokit.rest.git.listMatchingRefs({ ...repo, ref: "heads/env-" });
    const again = await octokit.rest.git.listMatchingRefs({ ...repo, ref: "heads/env-" });
    gh.assertDone();
    expect(again.status).toBe(200);
    expect(again.data[0]?.object.sha).toBe("a".repeat(40));
    expect(again.headers.date).toBe("Mon, 23 Nov 2026 10:05:00 GMT");
  });

  it("give a changed answer and keep it in place of the old one", async () => {
    gh.on(REFS, { status: 200, body: ref("a".repeat(40)), headers: { etag: 'W/"1"' } }, { match: unconditional });
    gh.on(REFS, { status: 200, body: ref("b".repeat(40)), headers: { etag: 'W/"2"' } }, { match: conditionalOn('W/"1"') });
    gh.on(REFS, { status: 304, headers: { etag: 'W/"2"' } }, { match: conditionalOn('W/"2"') });
    const octokit = await client();
    const shas = [];
    for (let i = 0; i < 3; i++) shas.push((await octokit.rest.git.listMatchingRefs({ ...repo, ref: "heads/env-" })).data[0]?.object.sha);
    gh.assertDone();
    expect(shas).toEqual(["a".repeat(40), "b".repeat(40), "b".repeat(40)]);
  });

  it("forget an answer that is gone, and keep none per other installation", async () => {
    gh.on(REFS, { status: 200, body: ref("a".repeat(40)), headers: { etag: 'W/"1"' } }, { match: unconditional });
    gh.on(REFS, { status: 404, body: { message: "Not Found" } }, { match: conditionalOn('W/"1"') });
    gh.on(REFS, { status: 200, body: ref("a".repeat(40)), headers: { etag: 'W/"1"' } }, { match: unconditional, times: 2 });
    const octokit = await client();
    await octokit.rest.git.listMatchingRefs({ ...repo, ref: "heads/env-" });
    await expect(octokit.rest.git.listMatchingRefs({ ...repo, ref: "heads/env-" })).rejects.toMatchObject({ status: 404 });
    await octokit.rest.git.listMatchingRefs({ ...repo, ref: "heads/env-" });
    await (await client("2")).rest.git.listMatchingRefs({ ...repo, ref: "heads/env-" });
    gh.assertDone();
  });

  it("leave writes and other reads alone", async () => {
    gh.on("GET /repos/Codertocat/Hello-World/pulls/{pull_number}", { status: 200, headers: { etag: 'W/"p"' } }, { match: unconditional, times: 2 });
    gh.on("POST /repos/Codertocat/Hello-World/check-runs", undefined, { match: unconditional });
    const octokit = await client();
    await octokit.rest.pulls.get({ ...repo, pull_number: 7 });
    await octokit.rest.pulls.get({ ...repo, pull_number: 7 });
    await octokit.rest.checks.create({ ...repo, name: "x", head_sha: "a".repeat(40) });
    gh.assertDone();
    expect(cache.size.entries).toBe(0);
  });
});
