import { afterEach, beforeEach } from "vitest";
import { cleanupGitHubMocks, mockGitHub, type MockGitHub } from "../support/github/mock-github.js";
import type { TestProbot } from "../support/github/test-probot.js";
import { webhookEvent } from "../support/github/webhooks.js";
import { appWith, pullRequestPayload } from "../support/app-under-test.js";
import { RepoFake } from "../support/repo-fake.js";
import { rawTestConfig } from "../support/test-config.js";
import type { FaultFlow } from "./support/fault-scenario.js";
import { describeFaultMatrix } from "./support/fault-matrix.js";
import { createRetryingProbot } from "./support/retrying-probot.js";

const HEAD = "c0ffee0000000000000000000000000000000001";
const config = rawTestConfig({ environments: [{ branch: "env-staging", approval: "required" }] });

let gh: MockGitHub;
let fake: RepoFake;
let app: TestProbot;

beforeEach(async () => {
  gh = mockGitHub();
  const { repository } = pullRequestPayload("opened", "env-staging", HEAD);
  fake = new RepoFake(gh, repository.owner.login, repository.name);
  app = await createRetryingProbot(appWith().appFn);
});
afterEach((context) => cleanupGitHubMocks(context));

/** A pull request opened into env-staging: the 7 calls of a plan, in order. */
function planFlow(): FaultFlow {
  const read = { name: "config read", op: "repos/get-content", declare: () => fake.expectConfig(config) };
  const create = { name: "check-run create", op: "checks/create", declare: () => fake.expectCheckRunCreate() };
  // The key's check runs, listed once after the create: an earlier delivery's run, or a sibling of the same delivery.
  const siblings = { name: "key listing", op: "checks/list-for-ref", declare: () => fake.expectCheckRunLookup() };
  const dispatch = { name: "dispatch", op: "actions/create-workflow-dispatch", declare: () => fake.expectDispatch() };
  const update = { name: "check-run update", op: "checks/update", declare: () => fake.expectCheckRunUpdate() };
  const comments = { name: "sticky lookup", op: "issues/list-comments", declare: () => fake.expectCommentList() };
  const comment = { name: "sticky create", op: "issues/create-comment", declare: () => fake.expectCommentCreate() };
  const failed = { title: "envbranch hit an error" };
  return {
    steps: [read, create, siblings, dispatch, update, comments, comment],
    persistent: {
      // Before the config names the environment, the failure goes where a push's goes: an "envbranch" check run on the head.
      "config read": { requests: 1, then: [create], dispatches: 0, checkRun: failed },
      "check-run create": { requests: 2, then: [], dispatches: 0, checkRun: null },
      // The run's check run exists: the failure belongs in it, not in a second one of the same name.
      "key listing": { requests: 1, then: [update], dispatches: 0, checkRun: { title: "envbranch hit an error starting plan of env-staging" } },
      dispatch: { requests: 1, then: [update], dispatches: 0, checkRun: { title: "Could not start plan of env-staging", summary: /[Ss]tart it again[\s\S]* Press \*\*Retry\*\* on this check run\./ } },
      "check-run update": { requests: 2, then: [], dispatches: 1, checkRun: null },
      // The plan is running and the workflow_run result rewrites the comment anyway: the running
      // plan's check run must not be covered by a second one saying nothing was done.
      "sticky lookup": { requests: 1, then: [], dispatches: 1, checkRun: "running" },
      "sticky create": { requests: 1, then: [], dispatches: 1, checkRun: "running" },
    },
    deliver: (testApp, id) => testApp.probot.receive(webhookEvent("pull_request", pullRequestPayload("opened", "env-staging", HEAD), id)),
  };
}

describeFaultMatrix("pull-request plan", planFlow, () => ({ gh, fake, app }));
