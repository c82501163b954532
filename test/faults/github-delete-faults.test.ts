import { useAppTest } from "../support/app-test.js";
import { beforeEach } from "vitest";
import { webhookEvent } from "../support/github/webhooks.js";
import { deletePayload } from "../support/app-under-test.js";
import { rawTestConfig } from "../support/test-config.js";
import type { FaultFlow } from "./support/fault-scenario.js";
import { deployedAlice } from "./support/deleted-environment.js";
import { describeFaultMatrix } from "./support/fault-matrix.js";
import { createRetryingProbot } from "./support/retrying-probot.js";

const t = useAppTest({ probot: createRetryingProbot });

beforeEach(() => {
  deployedAlice(t.fake);
});

/** env-alice deleted: the 6 calls that dispatch destroy of its last deployed commit, in order. */
function deleteFlow(): FaultFlow {
  const read = { name: "config read", op: "repos/get-content", declare: () => t.fake.expectConfig(rawTestConfig()) };
  const deployments = { name: "deployment list", op: "repos/list-deployments", declare: () => t.fake.expectDeploymentList() };
  const create = { name: "check-run create", op: "checks/create", declare: () => t.fake.expectCheckRunCreate() };
  // The key's check runs, listed once after the create: an earlier delivery's run, or a sibling of the same delivery.
  const siblings = { name: "key listing", op: "checks/list-for-ref", declare: () => t.fake.expectCheckRunLookup() };
  const dispatch = { name: "dispatch", op: "actions/create-workflow-dispatch", declare: () => t.fake.expectDispatch() };
  const update = { name: "check-run update", op: "checks/update", declare: () => t.fake.expectCheckRunUpdate() };
  return {
    steps: [read, deployments, create, siblings, dispatch, update],
    persistent: {
      // Until the deployments name the commit to destroy, there is no commit to show a check run on.
      "config read": { requests: 1, then: [], dispatches: 0, checkRun: null },
      "deployment list": { requests: 1, then: [], dispatches: 0, checkRun: null },
      "check-run create": { requests: 2, then: [], dispatches: 0, checkRun: null },
      // The run's check run exists: the failure belongs in it, not in a second one of the same name.
      "key listing": { requests: 1, then: [update], dispatches: 0, checkRun: { title: "envbranch hit an error starting destroy of env-alice" } },
      // A passing fault, not a missing workflow: nothing is torn down another way, the redelivery dispatches.
      dispatch: { requests: 1, then: [update], dispatches: 0, checkRun: { title: "Could not start destroy of env-alice", summary: /[Ss]tart it again[\s\S]* Press \*\*Retry\*\* on this check run\./ } },
      "check-run update": { requests: 2, then: [], dispatches: 1, checkRun: null },
    },
    deliver: (testApp, id) => testApp.probot.receive(webhookEvent("delete", deletePayload("env-alice"), id)),
  };
}

describeFaultMatrix("delete", deleteFlow, () => ({ gh: t.gh, fake: t.fake, app: t.app }));
