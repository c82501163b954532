import { afterEach, beforeEach } from "vitest";
import type { ApplicationFunction } from "probot";
import type { AppDeps } from "../../app/app-deps.js";
import { appWith } from "./app-under-test.js";
import { cleanupGitHubMocks, mockGitHub, type MockGitHub } from "./github/mock-github.js";
import { createTestProbot, type TestProbot } from "./github/test-probot.js";
import { RepoFake } from "./repo-fake.js";

/** What every app test works with; fresh for each test. */
export interface AppTest {
  gh: MockGitHub;
  fake: RepoFake;
  app: TestProbot;
}

/**
 * Registers the per-test set-up of an app test: a contract-checked GitHub mock, a repository fake on
 * it, and the app under test (by default with retries off), all cleaned up after each test.
 */
export function useAppTest(
  options: { owner?: string; repo?: string; deps?: Partial<AppDeps>; probot?: (appFn: ApplicationFunction) => Promise<TestProbot> } = {},
): AppTest {
  const t = {} as AppTest;
  beforeEach(async () => {
    t.gh = mockGitHub();
    t.fake = new RepoFake(t.gh, options.owner, options.repo);
    t.app = await (options.probot ?? createTestProbot)(appWith(options.deps).appFn);
  });
  afterEach((context) => cleanupGitHubMocks(context));
  return t;
}
