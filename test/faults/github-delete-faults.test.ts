import { afterEach, beforeEach } from "vitest";
import { cleanupGitHubMocks, mockGitHub, type MockGitHub } from "../support/github/mock-github.js";
import type { TestProbot } from "../support/github/test-probot.js";
import { webhookEvent } from "../support/github/webhooks.js";
import { appWith, deletePayload } from "../support/app-under-test.js";
import { RepoFake } from "../support/repo-fake.js";
import { rawTestConfig } from "../support/test-config.js";
import type { FaultFlow } from "./support/fault-scenario.js";
import { deployedAlice } from "./support/deleted-environment.js";
import { describeFaultMatrix } from "./support/fault-matrix.js";
import { createRetryingProbot } from "./support/retrying-probot.js";

let gh: MockGitHub;
let fake: RepoFake;
let app: TestProbot;

beforeEach(async () => {
  gh = mockGitHub();
  fake = new RepoFake(gh);
  deployedAlice(fake);
  app = await createRetryingProbot(appWith().appFn);
});
afterEach((context) => cleanupGitHubMocks(context));

/** env-alice deleted: the 7 calls that dispatch destroy of its last deployed commit, in order. */
function deleteFlow(): FaultFlow {
  const read = { name: "config read", op: "repos/get-content", declare: () => fake.expectConfig(rawTestConfig()) };
  const deployments = { name: "deployment list", op: "repos/list-deployments", declare: () => fake.expectDeploymentList() };
  const lookup = { name: "check-run lookup", op: "checks/list-for-ref", declare: () => fake.expectCheckRunLookup() };
  const create = { name: "check-run create", op: "checks/create", declare: () => fake.expectCheckRunCreate() };
  // Two deliveries of one deletion that both found no check run each create one; the later stands down.
  const siblings = { name: "sibling lookup", op: "checks/list-for-ref", declare: () => fake.expectCheckRunLookup() };
  const dispatch = { name: "dispatch", op: "actions/create-workflow-dispatch", declare: () => fake.expectDispatch() };
  const update = { name: "check-run update", op: "checks/update", declare: () => fake.expectCheckRunUpdate() };
  return {
    steps: [read, deployments, lookup, create, siblings, dispatch, update],
    persistent: {
      // Until the deployments name the commit to destroy, there is no commit to show a check run on.
      "config read": { requests: 1, then: [], dispatches: 0, checkRun: null },
      "deployment list": { requests: 1, then: [], dispatches: 0, checkRun: null },
      "check-run lookup": { requests: 1, then: [create], dispatches: 0, checkRun: { title: "envbranch hit an error" } },
      "check-run create": { requests: 2, then: [], dispatches: 0, checkRun: null },
      // The run's check run exists: the failure belongs in it, not in a second one of the same name.
      "sibling lookup": { requests: 1, then: [update], dispatches: 0, checkRun: { title: "envbranch hit an error starting destroy of env-alice" } },
      // A passing fault, not a missing workflow: nothing is torn down another way, the redelivery dispatches.
      dispatch: { requests: 1, then: [update], dispatches: 0, checkRun: { title: "Could not start destroy of env-alice", summary: /Redeliver the webhook/ } },
      "check-run update": { requests: 2, then: [], dispatches: 1, checkRun: null },
    },
    deliver: (testApp, id) => testApp.probot.receive(webhookEvent("delete", deletePayload("env-alice"), id)),
  };
}

describeFaultMatrix("delete", deleteFlow, () => ({ gh, fake, app }));
