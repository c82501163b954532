import { describe, expect, it } from "vitest";
import { parseSpec } from "../../app/spec/spec-schema.js";
import { HOSTILE_BRANCH_CASES, NOT_ENVIRONMENT_REFS } from "../fixtures/hostile/branch-names.js";
import { TEST_WEBHOOK_SECRET } from "../support/github/test-probot.js";
import { deliverWebhook } from "../support/github/webhooks.js";
import { pushPayload } from "../support/app-under-test.js";
import { DEFAULT_HEAD, RepoFake } from "../support/repo-fake.js";
import { rawTestConfig } from "../support/test-config.js";
import { DISPATCH, expectAlive, freshInstallationId, Tally, useHostileServer } from "./hostile-harness.js";

const { server, gh } = useHostileServer();
const tally = new Tally("hostile branch names");

type CheckRunBody = { name: string; conclusion?: string; output: { title: string; summary: string } };

/** Pushes `ref` over HTTP, signed, from an installation no other case used; returns the HTTP status. */
async function push(ref: string, installationId: number): Promise<number> {
  const payload = pushPayload("placeholder", DEFAULT_HEAD);
  payload.ref = ref;
  payload.installation = { id: installationId, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==" };
  const logsFrom = server().logs.length;
  const response = await deliverWebhook(server().webhookUrl, { name: "push", payload, secret: TEST_WEBHOOK_SECRET });
  tally.delivered += 1;
  await expectAlive(server(), tally, logsFrom);
  return response.status;
}

describe("a push of a hostile branch name, over HTTP", () => {
  const refused = HOSTILE_BRANCH_CASES.filter((c) => c.refuse !== undefined);
  const accepted = HOSTILE_BRANCH_CASES.filter((c) => c.slug !== undefined);

  it("covers at least fifty refusals", () => {
    expect(refused.length).toBeGreaterThanOrEqual(50);
  });

  it.each(refused.map((c) => [JSON.stringify(c.branch).slice(0, 70), c] as const))(
    "refuses %s with one failed check run that says why, and dispatches nothing",
    async (_, c) => {
      const mock = gh();
      const fake = new RepoFake(mock);
      const installationId = freshInstallationId();
      mock.installationToken({ installationId });
      fake.expectConfig(rawTestConfig());
      const create = fake.expectCheckRunCreate();
      const status = await push(`refs/heads/${c.branch}`, installationId);
      tally.unexpectedDispatches += mock.count(DISPATCH);
      const body = create.calls[0]?.body as CheckRunBody | undefined;
      if (create.calls.length === 1 && body?.conclusion === "failure") tally.count("refused with a failed check run");
      expect(status).toBe(200);
      mock.assertDone();
      expect(body).toMatchObject({ conclusion: "failure", output: { title: "This branch cannot be an environment" } });
      const summary = body?.output.summary ?? "";
      expect(summary).toContain("Nothing was dispatched: ");
      expect(summary).toContain(c.refuse);
      // Where the table names no suggestion, any the app makes must itself be a name it would accept.
      const advice = /A branch named `env-([a-z0-9-]+)` would work\.|Choose a name made of letters and digits after the prefix\./.exec(summary);
      expect(advice, "the summary says what name would work").not.toBeNull();
      if (c.suggestion) expect(advice?.[0]).toBe(`A branch named \`${c.suggestion}\` would work.`);
      if (advice?.[1] !== undefined) expect(advice[1]).toMatch(/^[a-z0-9](?:[a-z0-9-]{0,14}[a-z0-9])?$/);
    },
  );

  it.each(accepted.map((c) => [JSON.stringify(c.branch).slice(0, 70), c] as const))("dispatches %s exactly once, as its slug", async (_, c) => {
    const mock = gh();
    const fake = new RepoFake(mock);
    const installationId = freshInstallationId();
    mock.installationToken({ installationId });
    fake.expectConfig(rawTestConfig());
    fake.expectBranches([c.branch]);
    fake.expectStartRun();
    fake.expectDeploymentCreate();
    const dispatch = fake.expectDispatch();
    fake.expectCheckRunUpdate();
    fake.expectQueueCheck();
    const status = await push(`refs/heads/${c.branch}`, installationId);
    tally.unexpectedDispatches += Math.max(0, mock.count(DISPATCH) - 1);
    if (fake.dispatches.length === 1) tally.count("accepted and dispatched once");
    expect(status).toBe(200);
    mock.assertDone();
    expect(fake.dispatches).toHaveLength(1);
    const spec = parseSpec((dispatch.calls[0]?.body as { inputs: { spec: string } }).inputs.spec);
    expect(spec).toMatchObject({ branch: c.branch, environment: { slug: c.slug, githubEnvironment: `env-${c.slug}` } });
  });

  it.each(NOT_ENVIRONMENT_REFS.map((c) => [JSON.stringify(c.ref), c] as const))("leaves %s alone: no check run, no dispatch", async (_, c) => {
    const mock = gh();
    const fake = new RepoFake(mock);
    const installationId = freshInstallationId();
    if (c.readsConfig) {
      mock.installationToken({ installationId });
      fake.expectConfig(rawTestConfig());
    }
    const status = await push(c.ref, installationId);
    tally.unexpectedDispatches += mock.count(DISPATCH);
    if (mock.count("checks/create") === 0) tally.count("other refs left alone");
    expect(status).toBe(200);
    mock.assertDone();
    expect(mock.count("checks/create")).toBe(0);
  });
});
