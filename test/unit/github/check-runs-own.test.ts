import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getCheckRun, listKeyedCheckRuns, updateCheckRun } from "../../../app/adapters/github/check-runs.js";
import type { GitHub } from "../../../app/adapters/github/github-client.js";
import { exampleResponse } from "../../support/github/openapi.js";
import { cleanupGitHubMocks, mockGitHub, type MockGitHub } from "../../support/github/mock-github.js";
import { TEST_APP_ID } from "../../support/github/test-app-key.js";
import { createTestProbot, type TestProbot } from "../../support/github/test-probot.js";

const repo = { owner: "Codertocat", repo: "Hello-World" };
const SHA = "a".repeat(40);
const KEY = `envbranch:alice:${SHA}:apply`;
const example = exampleResponse("checks/get") as Record<string, unknown> & { app: Record<string, unknown>; output: Record<string, unknown> };

/** A check run as GitHub answers it, written by the app `appId`. */
function checkRun(id: number, appId: number, over: Record<string, unknown> = {}) {
  return { ...example, id, name: "envbranch: env-alice", head_sha: SHA, external_id: KEY, app: { ...example.app, id: appId }, output: { ...example.output, summary: `summary ${id}` }, started_at: "2026-12-02T10:00:00Z", ...over };
}

let gh: MockGitHub;
let app: TestProbot;
beforeEach(async () => {
  gh = mockGitHub();
  app = await createTestProbot(() => undefined);
  gh.installationToken();
});
afterEach((context) => cleanupGitHubMocks(context));

const client = async () => (await app.probot.auth(1)) as unknown as GitHub;

describe("the key's check runs", () => {
  it("are this app's alone, newest first, even when the answer ignores the app filter (a proxy, an old GHES)", async () => {
    const listing = gh.on("GET /repos/Codertocat/Hello-World/commits/{ref}/check-runs", {
      status: 200,
      body: { total_count: 4, check_runs: [checkRun(10, TEST_APP_ID), checkRun(30, 4242), checkRun(20, TEST_APP_ID), checkRun(25, TEST_APP_ID, { external_id: "envbranch:setup:x" })] },
      headers: { date: "Wed, 02 Dec 2026 10:00:05 GMT" },
    });
    const { runs, answeredAt } = await listKeyedCheckRuns(await client(), repo, SHA, "envbranch: env-alice", KEY);
    gh.assertDone();
    expect(runs.map((run) => run.id)).toEqual([20, 10]);
    expect(runs[0]).toEqual({ id: 20, externalId: KEY, status: "completed", conclusion: example.conclusion, summary: "summary 20", startedAt: "2026-12-02T10:00:00Z" });
    expect(answeredAt).toBe("Wed, 02 Dec 2026 10:00:05 GMT");
    expect(listing.calls[0]?.query).toMatchObject({ app_id: String(TEST_APP_ID), check_name: "envbranch: env-alice", filter: "all" });
  });
});

describe("one check run read back by id", () => {
  it("is null when another app wrote it", async () => {
    gh.on("GET /repos/Codertocat/Hello-World/check-runs/{check_run_id}", { status: 200, body: checkRun(5, 4242) });
    expect(await getCheckRun(await client(), repo, 5)).toBeNull();
  });

  it("is this app's, with its start time, and no start time read as none", async () => {
    gh.on("GET /repos/Codertocat/Hello-World/check-runs/{check_run_id}", { status: 200, body: checkRun(5, TEST_APP_ID) });
    expect(await getCheckRun(await client(), repo, 5)).toMatchObject({ id: 5, name: "envbranch: env-alice", headSha: SHA, startedAt: "2026-12-02T10:00:00Z", summary: "summary 5" });
    gh.on("GET /repos/Codertocat/Hello-World/check-runs/{check_run_id}", { status: 200, body: checkRun(6, TEST_APP_ID, { started_at: null }) });
    expect(await getCheckRun(await client(), repo, 6)).toMatchObject({ id: 6, startedAt: null });
  });

  it("is null when it does not exist, and any other failure is raised with the check run it was about", async () => {
    gh.on("GET /repos/Codertocat/Hello-World/check-runs/{check_run_id}", { status: 404, body: { message: "Not Found" } });
    expect(await getCheckRun(await client(), repo, 5)).toBeNull();
    gh.on("GET /repos/Codertocat/Hello-World/check-runs/{check_run_id}", { status: 422, body: { message: "Unprocessable" } });
    const failure = await getCheckRun(await client(), repo, 6).catch((error: unknown) => error as Error & { cause?: { status?: number } });
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toBe("could not read check run 6");
    expect((failure as { cause?: { status?: number } }).cause?.status).toBe(422);
  });
});

describe("a check run's output", () => {
  it("is cut to GitHub's 65,535 characters, saying so, where it would be longer", async () => {
    const update = gh.on("PATCH /repos/Codertocat/Hello-World/check-runs/{check_run_id}", { status: 200, body: checkRun(5, TEST_APP_ID) });
    await updateCheckRun(await client(), repo, 5, { title: "t", summary: "x".repeat(70_000), text: "short" });
    const output = (update.calls[0]?.body as { output: { summary: string; text: string } }).output;
    expect(output.summary).toHaveLength(65_535);
    expect(output.summary.endsWith("… (cut to fit GitHub's limit)")).toBe(true);
    expect(output.text).toBe("short");
  });
});
