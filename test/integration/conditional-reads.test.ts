import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Probot } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { fakeSha } from "../e2e/fake-github/driver/repo-driver.js";
import { startFakeGitHub, type FakeGitHub } from "../e2e/fake-github/fake-github.js";
import { appWith } from "../support/app-under-test.js";
import { TEST_APP_ID, testAppKey } from "../support/github/test-app-key.js";
import { createTestProbot, type LogLine } from "../support/github/test-probot.js";
import { rawTestConfig } from "../support/test-config.js";

const REPO = "octo-org/shop";
const CONFIG = ".github/envbranch.yml";
const TOKEN_EXCHANGE = "apps/create-installation-access-token";

let fake: FakeGitHub;
let probot: Probot;
let logs: LogLine[];

beforeEach(async () => {
  fake = await startFakeGitHub({ appId: TEST_APP_ID, publicKey: testAppKey().publicKey });
  const workflow = readFileSync(new URL("../../workflows-templates/envbranch.yml", import.meta.url), "utf8");
  fake.addRepo({ owner: "octo-org", name: "shop", files: { [CONFIG]: stringify(rawTestConfig()), ".github/workflows/envbranch.yml": workflow } });
  ({ probot, logs } = await createTestProbot(appWith().appFn, { baseUrl: fake.url }));
});
afterEach(async () => {
  expect(fake.violations).toEqual([]);
  expect(logs.filter((l) => l.level >= 50)).toEqual([]);
  await fake.close();
});

/** Delivers a push and gives the requests it made, as `status operation`, token exchanges apart. */
async function push(branch: string, label: string): Promise<string[]> {
  const from = fake.requests.length;
  await probot.receive({ id: randomUUID(), name: "push", payload: fake.pushBranch(REPO, branch, fakeSha(label)) } as Parameters<Probot["receive"]>[0]);
  return fake.requests.slice(from).filter((r) => r.operationId !== TOKEN_EXCHANGE).map((r) => `${r.status} ${r.operationId}`);
}

describe("reads revalidated by ETag", () => {
  it("cost a push to a branch that is not an environment no rate-limited call once the config is known", async () => {
    expect(await push("feature-a", "a-1")).toEqual(["200 repos/get-content"]);
    expect(await push("feature-b", "b-1")).toEqual(["304 repos/get-content"]);
    expect(fake.dispatches).toEqual([]);
  });

  it("see a config pushed a moment ago at once", async () => {
    await push("feature-a", "a-1");
    fake.setFile(REPO, CONFIG, stringify(rawTestConfig({ branchPrefix: "feature-" })));
    expect(await push("feature-b", "b-1")).toContain("200 repos/get-content");
    expect(fake.dispatches.map((d) => d.ref)).toEqual(["feature-b"]);
  });

  it("see a config deleted a moment ago at once", async () => {
    await push("feature-a", "a-1");
    fake.setFile(REPO, CONFIG, null);
    await push("env-alice", "alice-1");
    expect(fake.dispatches).toEqual([]);
    expect(fake.repo(REPO).checkRuns.map((r) => r.output.title)).toEqual([expect.stringMatching(/config/i)]);
  });

  it("make the branch read after a dispatch free when no environment branch moved since the head check, and read branches moved since in full", async () => {
    await push("feature-a", "a-1");
    const quiet = await push("env-alice", "alice-1");
    expect(quiet.filter((r) => r.endsWith("git/list-matching-refs"))).toEqual(["200 git/list-matching-refs", "304 git/list-matching-refs"]);
    // Pushed between two events, env-bob's move is in the next head check's answer.
    fake.pushBranch(REPO, "env-bob", fakeSha("bob-1"));
    const moved = await push("env-alice", "alice-2");
    expect(moved.filter((r) => r.endsWith("git/list-matching-refs"))).toEqual(["200 git/list-matching-refs", "304 git/list-matching-refs"]);
    expect(fake.dispatches.map((d) => d.ref)).toEqual(["env-alice", "env-alice"]);
  });
});
