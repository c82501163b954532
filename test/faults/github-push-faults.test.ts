import { useAppTest } from "../support/app-test.js";
import { webhookEvent } from "../support/github/webhooks.js";
import { pushPayload } from "../support/app-under-test.js";
import { DEFAULT_HEAD } from "../support/repo-fake.js";
import { rawTestConfig } from "../support/test-config.js";
import type { FaultFlow } from "./support/fault-scenario.js";
import { describeFaultMatrix } from "./support/fault-matrix.js";
import { createRetryingProbot } from "./support/retrying-probot.js";

const t = useAppTest({ probot: createRetryingProbot });

/** The first push of env-alice: the 8 calls of a dispatching push, in order. */
function pushFlow(): FaultFlow {
  const config = { name: "config read", op: "repos/get-content", declare: () => t.fake.expectConfig(rawTestConfig()) };
  const refs = { name: "matching refs", op: "git/list-matching-refs", declare: () => t.fake.expectBranches(["env-alice"]) };
  const create = { name: "check-run create", op: "checks/create", declare: () => t.fake.expectCheckRunCreate() };
  // The key's check runs, listed once after the create: an earlier delivery's run, or a sibling of the same delivery.
  const siblings = { name: "key listing", op: "checks/list-for-ref", declare: () => t.fake.expectCheckRunLookup() };
  const deployment = { name: "deployment", op: "repos/create-deployment", declare: () => t.fake.expectDeploymentCreate() };
  const dispatch = { name: "dispatch", op: "actions/create-workflow-dispatch", declare: () => t.fake.expectDispatch() };
  const update = { name: "check-run update", op: "checks/update", declare: () => t.fake.expectCheckRunUpdate() };
  // A push's run follows its branch: where the branch went meanwhile says whether a newer commit must run again.
  const queuedAt = { name: "branch read-back", op: "git/list-matching-refs", declare: () => t.fake.expectQueueCheck() };
  // Before the run's check run exists, the failed check run records the push, and its Retry handles it again.
  const setupFailure = { title: "envbranch hit an error", summary: /Press \*\*Retry\*\* on this check run/ };
  return {
    steps: [config, refs, create, siblings, deployment, dispatch, update, queuedAt],
    persistent: {
      // One request: the raw re-read that locates YAML errors has nothing to add when GitHub is failing.
      "config read": { requests: 1, then: [create], dispatches: 0, checkRun: setupFailure },
      "matching refs": { requests: 1, then: [create], dispatches: 0, checkRun: setupFailure },
      // The failure report is itself a check-run create, which fails too: only the log can say it.
      "check-run create": { requests: 2, then: [], dispatches: 0, checkRun: null },
      // The run's check run exists: the failure belongs in it, not in a second one of the same name.
      "key listing": { requests: 1, then: [update], dispatches: 0, checkRun: { title: "envbranch hit an error starting apply of env-alice" } },
      deployment: { requests: 1, then: [update], dispatches: 0, checkRun: { title: "envbranch hit an error starting apply of env-alice" } },
      dispatch: { requests: 1, then: [update], dispatches: 0, checkRun: { title: "Could not start apply of env-alice", summary: /[Ss]tart it again[\s\S]* Press \*\*Retry\*\* on this check run\./ } },
      // Dispatched; neither the progress nor the failure can be written into the check run.
      "check-run update": { requests: 2, then: [], dispatches: 1, checkRun: null },
      // Dispatched, but whether a newer commit must run again is unknown: that is logged on its own,
      // and the dispatched run's check run stays in progress, as the run it shows is.
      "branch read-back": { requests: 1, then: [], dispatches: 1, checkRun: "running" },
    },
    deliver: (testApp, id) => testApp.probot.receive(webhookEvent("push", pushPayload("env-alice", DEFAULT_HEAD, { created: true }), id)),
  };
}

describeFaultMatrix("push", pushFlow, () => ({ gh: t.gh, fake: t.fake, app: t.app }));
