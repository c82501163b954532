import { useAppTest } from "../support/app-test.js";
import { beforeEach } from "vitest";
import { progressMarker } from "../../app/decisions/run-progress.js";
import { exampleResponse } from "../support/github/openapi.js";
import { webhookEvent } from "../support/github/webhooks.js";
import { commentPayload } from "../support/app-under-test.js";
import { rawTestConfig } from "../support/test-config.js";
import type { FaultFlow, PersistentOutcome } from "./support/fault-scenario.js";
import { describeFaultMatrix } from "./support/fault-matrix.js";
import { createRetryingProbot } from "./support/retrying-probot.js";

const HEAD = "c0ffee0000000000000000000000000000000001";
const REPO = "/repos/Codertocat/Hello-World";
const config = rawTestConfig({ environments: [{ branch: "env-staging", approval: "required", approvers: { permission: "maintain" } }] });

const t = useAppTest({ probot: createRetryingProbot });

beforeEach(() => {
  // The head's plan succeeded: its check run records the run and the saved plan's artifact.
  t.fake.checkRuns.push({
    id: 900,
    head_sha: HEAD,
    name: "envbranch: env-staging",
    external_id: `envbranch:staging:${HEAD}:plan`,
    status: "completed",
    conclusion: "success",
    output: { title: "", summary: progressMarker({ stage: "completed", correlationId: "staging-plan-900-0123abcd", pullRequest: 7, runId: 31, savedPlan: { key: "envbranch/codertocat/hello-world/staging/plans/staging-plan-900-0123abcd.tfplan", sha256: "5".repeat(64) }, outcome: "succeeded" }) },
  });
});

function pullRequest() {
  const pr = exampleResponse("pulls/get") as Record<string, any>;
  return {
    ...pr,
    number: 7,
    state: "open",
    user: { ...pr.user, login: "bob" },
    head: { ...pr.head, sha: HEAD, ref: "feature-x", repo: { ...pr.head.repo, full_name: "Codertocat/Hello-World" } },
    base: { ...pr.base, ref: "env-staging", repo: { ...pr.base.repo, full_name: "Codertocat/Hello-World" } },
  };
}

/** A maintainer's `/envbranch apply` on pull request 7: the 11 calls of an approved apply, in order. */
function applyFlow(): FaultFlow {
  const reaction = { name: "reaction", op: "reactions/create-for-issue-comment", declare: () => t.gh.on(`POST ${REPO}/issues/comments/4242/reactions`, { status: 201, body: exampleResponse("reactions/create-for-issue-comment") }) };
  const pull = { name: "pull request", op: "pulls/get", declare: () => t.gh.on(`GET ${REPO}/pulls/7`, { status: 200, body: pullRequest() }) };
  const read = { name: "config read", op: "repos/get-content", declare: () => t.fake.expectConfig(config) };
  const permission = {
    name: "permission",
    op: "repos/get-collaborator-permission-level",
    declare: () => t.gh.on(`GET ${REPO}/collaborators/alice/permission`, { status: 200, body: { ...(exampleResponse("repos/get-collaborator-permission-level") as object), permission: "write", role_name: "maintain" } }),
  };
  const planLookup = { name: "plan lookup", op: "checks/list-for-ref", declare: () => t.fake.expectCheckRunLookup() };
  const create = { name: "check-run create", op: "checks/create", declare: () => t.fake.expectCheckRunCreate() };
  // The key's check runs, listed once after the create: an earlier delivery's run, or a sibling of the same delivery.
  const siblings = { name: "key listing", op: "checks/list-for-ref", declare: () => t.fake.expectCheckRunLookup() };
  const deployment = { name: "deployment", op: "repos/create-deployment", declare: () => t.fake.expectDeploymentCreate() };
  const dispatch = { name: "dispatch", op: "actions/create-workflow-dispatch", declare: () => t.fake.expectDispatch() };
  const update = { name: "check-run update", op: "checks/update", declare: () => t.fake.expectCheckRunUpdate() };
  const reply = { name: "reply", op: "issues/create-comment", declare: () => t.fake.expectCommentCreate() };
  // A command's answer is its reply: when it fails, the commenter is told so and how to retry.
  const toldToRetry = /^@alice [\s\S]*comment [\s\S]*again/i;
  // Once the run's check run exists, it holds the Retry button, and the reply points there.
  const toldOfRetry = /^@alice envbranch hit an error: [\s\S]*Press \*\*Retry\*\* on the run's check run, or comment the command again/;
  const beforeRun: PersistentOutcome = { requests: 1, then: [reply], dispatches: 0, checkRun: null, reply: toldToRetry };
  return {
    steps: [reaction, pull, read, permission, planLookup, create, siblings, deployment, dispatch, update, reply],
    persistent: {
      reaction: beforeRun,
      "pull request": beforeRun,
      "config read": beforeRun,
      permission: beforeRun,
      "plan lookup": beforeRun,
      "check-run create": beforeRun,
      // The run's check run exists: the failure belongs in it, not in a second one or nowhere.
      "key listing": { requests: 1, then: [update, reply], dispatches: 0, checkRun: { title: "envbranch hit an error starting apply of env-staging" }, reply: toldOfRetry },
      deployment: { requests: 1, then: [update, reply], dispatches: 0, checkRun: { title: "envbranch hit an error starting apply of env-staging" }, reply: toldOfRetry },
      dispatch: { requests: 1, then: [update, reply], dispatches: 0, checkRun: { title: "Could not start apply of env-staging", summary: /[Ss]tart it again[\s\S]* Press \*\*Retry\*\* on this check run\./ }, reply: /^@alice Could not start it: / },
      "check-run update": { requests: 2, then: [reply], dispatches: 1, checkRun: null, reply: toldToRetry },
      // The answer and then the failure notice are both replies, and both fail: only the log has it.
      reply: { requests: 2, then: [], dispatches: 1, checkRun: null },
    },
    deliver: (testApp, id) => testApp.probot.receive(webhookEvent("issue_comment", commentPayload("/envbranch apply"), id)),
    priorCheckRuns: 1,
  };
}

describeFaultMatrix("/envbranch apply", applyFlow, () => ({ gh: t.gh, fake: t.fake, app: t.app }));
