import { describe, expect, it } from "vitest";
import { progressMarker } from "../../app/decisions/run-progress.js";
import { parseSpec } from "../../app/spec/spec-schema.js";
import { COMMENT_CASES, type CommentCase } from "../fixtures/hostile/comments.js";
import { exampleResponse } from "../support/github/openapi.js";
import type { MockGitHub } from "../support/github/mock-github.js";
import { TEST_WEBHOOK_SECRET } from "../support/github/test-probot.js";
import { deliverWebhook } from "../support/github/webhooks.js";
import { commentPayload } from "../support/app-under-test.js";
import { RepoFake } from "../support/repo-fake.js";
import { rawTestConfig } from "../support/test-config.js";
import { DISPATCH, expectAlive, freshInstallationId, Tally, useHostileServer } from "./hostile-harness.js";

const { server, gh } = useHostileServer();
const tally = new Tally("comment tricks");

const HEAD = "c0ffee0000000000000000000000000000000001";
const REPO = "/repos/Codertocat/Hello-World";
const CONFIG = rawTestConfig({ environments: [{ branch: "env-staging", approval: "required", approvers: { permission: "maintain" } }] });

function bodyOf(c: CommentCase): string {
  return typeof c.body === "string" ? c.body : (c.body.before ?? "") + c.body.repeat.repeat(c.body.times) + c.body.then;
}

/** What GitHub must answer for a comment that is read: the reaction, the pull request, the config. */
function expectCommandPrelude(mock: MockGitHub, fake: RepoFake, installationId: number): void {
  mock.installationToken({ installationId });
  mock.on(`POST ${REPO}/issues/comments/4242/reactions`, { status: 201, body: exampleResponse("reactions/create-for-issue-comment") });
  mock.on(`GET ${REPO}/pulls/7`, () => {
    const pr = exampleResponse("pulls/get") as Record<string, any>;
    return {
      status: 200,
      body: {
        ...pr,
        number: 7,
        state: "open",
        user: { ...pr.user, login: "bob" },
        head: { ...pr.head, sha: HEAD, ref: "feature-x", repo: { ...pr.head.repo, full_name: "Codertocat/Hello-World" } },
        base: { ...pr.base, ref: "env-staging", repo: { ...pr.base.repo, full_name: "Codertocat/Hello-World" } },
      },
    };
  });
  fake.expectConfig(CONFIG);
}

/** The succeeded plan of the head that an approved apply applies. */
function plannedHead(fake: RepoFake): void {
  fake.checkRuns.push({
    id: 900,
    head_sha: HEAD,
    name: "envbranch: env-staging",
    external_id: `envbranch:staging:${HEAD}:plan`,
    status: "completed",
    conclusion: "success",
    output: { title: "", summary: progressMarker({ stage: "completed", correlationId: "staging-plan-900-0123abcd", pullRequest: 7, runId: 31, savedPlan: { key: "envbranch/codertocat/hello-world/staging/plans/staging-plan-900-0123abcd.tfplan", sha256: "5".repeat(64) }, outcome: "succeeded" }) },
  });
}

function expectRole(mock: MockGitHub, login: string, role: string): void {
  mock.on(`GET ${REPO}/collaborators/${login}/permission`, {
    status: 200,
    body: { ...(exampleResponse("repos/get-collaborator-permission-level") as object), permission: role === "maintain" ? "write" : role, role_name: role },
  });
}

describe("a comment on a pull request into env-staging, over HTTP", () => {
  it("covers at least twenty tricks", () => {
    expect(COMMENT_CASES.length).toBeGreaterThanOrEqual(20);
  });

  it.each(COMMENT_CASES.map((c) => [c.name, c] as const))("%s", async (_, c) => {
    const mock = gh();
    const fake = new RepoFake(mock);
    const installationId = freshInstallationId();
    const login = c.login ?? "alice";
    let dispatch: ReturnType<RepoFake["expectDispatch"]> | undefined;
    if (c.outcome !== "ignored") expectCommandPrelude(mock, fake, installationId);
    if (c.outcome === "apply" || c.outcome === "refused") {
      plannedHead(fake);
      expectRole(mock, login, c.role ?? "maintain");
      // A refused commenter costs no plan lookup: who may apply is decided first.
      if (c.outcome === "apply") fake.expectCheckRunLookup();
    }
    if (c.outcome === "apply") {
      fake.expectStartRun();
      fake.expectDeploymentCreate();
      dispatch = fake.expectDispatch();
      fake.expectCheckRunUpdate();
    }
    const reply = c.outcome === "ignored" ? undefined : fake.expectCommentCreate();

    const payload = commentPayload(bodyOf(c), 7, login, c.action ?? "created", c.userType ?? "User");
    payload.installation = { id: installationId, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==" };
    if (c.onIssue) delete (payload.issue as { pull_request?: unknown }).pull_request;
    const logsFrom = server().logs.length;
    const response = await deliverWebhook(server().webhookUrl, { name: "issue_comment", payload, secret: TEST_WEBHOOK_SECRET });
    tally.delivered += 1;
    const dispatched = mock.count(DISPATCH);
    tally.unexpectedDispatches += c.outcome === "apply" ? Math.max(0, dispatched - 1) : dispatched;
    if (mock.count("reactions/create-for-issue-comment") > 0) tally.count("read as a command");
    if (c.outcome === "apply") tally.count("applied after authorisation", dispatched);

    expect(response.status).toBe(200);
    await expectAlive(server(), tally, logsFrom);
    mock.assertDone();
    if (c.outcome === "ignored") expect(mock.requests).toHaveLength(0);
    const answer = (reply?.calls[0]?.body as { body?: string } | undefined)?.body ?? "";
    if (c.outcome === "apply") {
      expect(fake.dispatches).toHaveLength(1);
      expect(parseSpec((dispatch?.calls[0]?.body as { inputs: { spec: string } }).inputs.spec)).toMatchObject({ action: "apply", sha: HEAD, terraform: { savedPlan: { sha256: "5".repeat(64) } } });
      expect(answer).toContain("Applying exactly the saved plan of `c0ffee0` to `env-staging`.");
    }
    if (c.outcome === "refused") expect(answer).toMatch(/^@alice Not done: .*maintain/s);
    if (c.outcome === "unknown") {
      expect(answer).toContain("is not an envbranch command");
      // The echo is short and cannot reorder or hide text around it.
      expect(answer.length).toBeLessThan(4000);
      expect(answer).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u0000]/);
    }
  });
});
