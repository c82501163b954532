import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GITHUB_RETRIES, LONGEST_RATE_LIMIT_WAIT } from "../../app/github-retry-policy.js";
import { cleanupGitHubMocks, mockGitHub, type MockGitHub } from "../support/github/mock-github.js";
import type { TestProbot } from "../support/github/test-probot.js";
import { GITHUB_FAULTS, SECONDARY_RATE_LIMIT_BODY } from "./support/github-faults.js";
import { createRetryingProbot } from "./support/retrying-probot.js";

// Long enough for the waits to be told apart from the time a request takes.
const SECOND_MS = 25;
const ROUTE = "GET /repos/Codertocat/Hello-World/git/matching-refs/{ref}";

let gh: MockGitHub;
let app: TestProbot;

beforeEach(async () => {
  gh = mockGitHub();
  app = await createRetryingProbot(() => undefined, { secondMs: SECOND_MS });
  gh.installationToken();
});
afterEach((context) => cleanupGitHubMocks(context));

/**
 * Answers `failures` attempts with `reply`, then (when `recovers`) one with success, noting when each
 * arrived. An attempt beyond those is an unexpected request, which assertDone reports.
 */
function failing(reply: { status: number; body?: unknown; headers?: Record<string, string> }, failures: number, recovers = false) {
  const times: number[] = [];
  gh.on(ROUTE, () => (times.push(performance.now()), reply), { times: failures });
  if (recovers) gh.on(ROUTE, () => (times.push(performance.now()), { status: 200, body: [] }));
  return times;
}

async function listRefs(): Promise<{ ok: boolean; status?: number }> {
  const octokit = await app.probot.auth(1);
  try {
    await octokit.rest.git.listMatchingRefs({ owner: "Codertocat", repo: "Hello-World", ref: "heads/env-" });
    return { ok: true };
  } catch (error) {
    return { ok: false, status: (error as { status?: number }).status };
  }
}

function gaps(times: number[]): number[] {
  return times.slice(1).map((t, i) => t - (times[i] ?? t));
}

describe("the app's GitHub retry policy (EnvbranchOctokit)", () => {
  it("waits as long as a secondary rate limit's retry-after asks before trying again", async () => {
    const times = failing({ status: 403, body: SECONDARY_RATE_LIMIT_BODY, headers: { "retry-after": "4" } }, 2, true);
    expect(await listRefs()).toEqual({ ok: true });
    gh.assertDone();
    console.log(`secondary rate limit, retry-after 4 (${4 * SECOND_MS} ms here): waited ${gaps(times).map((g) => `${Math.round(g)} ms`).join(", ")}`);
    for (const gap of gaps(times)) expect(gap).toBeGreaterThanOrEqual(4 * SECOND_MS);
  });

  it.each([403, 429])("does not wait out a %i rate limit that asks for more than LONGEST_RATE_LIMIT_WAIT seconds", async (status) => {
    const times = failing({ status, body: SECONDARY_RATE_LIMIT_BODY, headers: { "retry-after": String(LONGEST_RATE_LIMIT_WAIT + 1) } }, 1);
    expect(await listRefs()).toEqual({ ok: false, status });
    gh.assertDone();
    expect(times).toHaveLength(1);
  });

  it("gives up at once on an exhausted primary rate limit that resets in an hour", async () => {
    const reset = String(Math.floor(Date.now() / 1000) + 3600);
    const times = failing({ status: 403, body: { message: "API rate limit exceeded for installation ID 1." }, headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset } }, 1);
    expect(await listRefs()).toEqual({ ok: false, status: 403 });
    gh.assertDone();
    expect(times).toHaveLength(1);
  });

  it.each(GITHUB_FAULTS.map((f) => [f.name, f] as const))("tries a request failing with %s exactly GITHUB_RETRIES + 1 times", async (_, fault) => {
    const times = failing(fault.reply as { status: number }, GITHUB_RETRIES + 1);
    expect(await listRefs()).toMatchObject({ ok: false, status: fault.reply.status });
    gh.assertDone();
    expect(times).toHaveLength(GITHUB_RETRIES + 1);
  });

  it("does not retry a 404", async () => {
    const times = failing({ status: 404, body: { message: "Not Found" } }, 1);
    expect(await listRefs()).toEqual({ ok: false, status: 404 });
    gh.assertDone();
    expect(times).toHaveLength(1);
  });
});
