import { afterEach, beforeEach } from "vitest";
import { progressMarker } from "../../app/decisions/run-progress.js";
import { exampleResponse } from "../support/github/openapi.js";
import { cleanupGitHubMocks, mockGitHub, type MockGitHub } from "../support/github/mock-github.js";
import type { TestProbot } from "../support/github/test-probot.js";
import { webhookEvent } from "../support/github/webhooks.js";
import { appWith, commentPayload } from "../support/app-under-test.js";
import { RepoFake } from "../support/repo-fake.js";
import { rawTestConfig } from "../support/test-config.js";
import type { FaultFlow, PersistentOutcome } from "./support/fault-scenario.js";
import { describeFaultMatrix } from "./support/fault-matrix.js";
import { createRetryingProbot } from "./support/retrying-probot.js";

const HEAD = "c0ffee0000000000000000000000000000000001";
const REPO = "/repos/Codertocat/Hello-World";
const config = rawTestConfig({ environments: [{ branch: "env-staging", approval: "required", approvers: { permission: "maintain" } }] });

let gh: MockGitHub;
let fake: RepoFake;
let app: TestProbot;

beforeEach(async () => {
  gh = mockGitHub();
  fake = new RepoFake(gh);
  app = await createRetryingProbot(appWith().appFn);
  // The head's plan succeeded: its check run records the run and the saved plan's artifact.
  fake.checkRuns.push({
    id: 900,
    head_sha: HEAD,
    name: "envbranch: env-staging",
    external_id: `envbranch:staging:${HEAD}:plan`,
    status: "completed",
    conclusion: "success",
    output: { title: "", summary: progressMarker({ stage: "completed", correlationId: "staging-plan-900-0123abcd", pullRequest: 7, runId: 31, artifact: "envbranch-staging-plan-900-0123abcd", outcome: "succeeded" }) },
  });
});
afterEach((context) => cleanupGitHubMocks(context));

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

/** A maintainer's `/envbranch apply` on pull request 7: the 12 calls of an approved apply, in order. */
function applyFlow(): FaultFlow {
  const reaction = { name: "reaction", op: "reactions/create-for-issue-comment", declare: () => gh.on(`POST ${REPO}/issues/comments/4242/reactions`, { status: 201, body: exampleResponse("reactions/create-for-issue-comment") }) };
  const pull = { name: "pull request", op: "pulls/get", declare: () => gh.on(`GET ${REPO}/pulls/7`, { status: 200, body: pullRequest() }) };
  const read = { name: "config read", op: "repos/get-content", declare: () => fake.expectConfig(config) };
  const permission = {
    name: "permission",
    op: "repos/get-collaborator-permission-level",
    declare: () => gh.on(`GET ${REPO}/collaborators/alice/permission`, { status: 200, body: { ...(exampleResponse("repos/get-collaborator-permission-level") as object), permission: "write", role_name: "maintain" } }),
  };
  const planLookup = { name: "plan lookup", op: "checks/list-for-ref", declare: () => fake.expectCheckRunLookup() };
  const runLookup = { name: "run lookup", op: "checks/list-for-ref", declare: () => fake.expectCheckRunLookup() };
  const create = { name: "check-run create", op: "checks/create", declare: () => fake.expectCheckRunCreate() };
  // Two deliveries of one comment that both found no check run each create one; the later stands down.
  const siblings = { name: "sibling lookup", op: "checks/list-for-ref", declare: () => fake.expectCheckRunLookup() };
  const deployment = { name: "deployment", op: "repos/create-deployment", declare: () => fake.expectDeploymentCreate() };
  const dispatch = { name: "dispatch", op: "actions/create-workflow-dispatch", declare: () => fake.expectDispatch() };
  const update = { name: "check-run update", op: "checks/update", declare: () => fake.expectCheckRunUpdate() };
  const reply = { name: "reply", op: "issues/create-comment", declare: () => fake.expectCommentCreate() };
  // A command's answer is its reply: when it fails, the commenter is told so and how to retry.
  const toldToRetry = /^@alice [\s\S]*comment [\s\S]*again/i;
  const beforeRun: PersistentOutcome = { requests: 1, then: [reply], dispatches: 0, checkRun: null, reply: toldToRetry };
  return {
    steps: [reaction, pull, read, permission, planLookup, runLookup, create, siblings, deployment, dispatch, update, reply],
    persistent: {
      reaction: beforeRun,
      "pull request": beforeRun,
      "config read": beforeRun,
      permission: beforeRun,
      "plan lookup": beforeRun,
      "run lookup": beforeRun,
      "check-run create": beforeRun,
      // The run's check run exists: the failure belongs in it, not in a second one or nowhere.
      "sibling lookup": { requests: 1, then: [update, reply], dispatches: 0, checkRun: { title: "envbranch hit an error starting apply of env-staging" }, reply: toldToRetry },
      deployment: { requests: 1, then: [update, reply], dispatches: 0, checkRun: { title: "envbranch hit an error starting apply of env-staging" }, reply: toldToRetry },
      dispatch: { requests: 1, then: [update, reply], dispatches: 0, checkRun: { title: "Could not start apply of env-staging", summary: /Redeliver the webhook/ }, reply: /^@alice Could not start it: / },
      "check-run update": { requests: 2, then: [reply], dispatches: 1, checkRun: null, reply: toldToRetry },
      // The answer and then the failure notice are both replies, and both fail: only the log has it.
      reply: { requests: 2, then: [], dispatches: 1, checkRun: null },
    },
    deliver: (testApp, id) => testApp.probot.receive(webhookEvent("issue_comment", commentPayload("/envbranch apply"), id)),
    priorCheckRuns: 1,
  };
}

describeFaultMatrix("/envbranch apply", applyFlow, () => ({ gh, fake, app }));
