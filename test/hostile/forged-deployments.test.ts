import { describe, expect, it } from "vitest";
import { progressMarker } from "../../app/decisions/run-progress.js";
import { parseSpec } from "../../app/spec/spec-schema.js";
import { useAppTest } from "../support/app-test.js";
import { deletePayload, pushPayload, workflowRunPayload } from "../support/app-under-test.js";
import { webhookEvent } from "../support/github/webhooks.js";
import { expectPushUntilDispatch } from "../support/push-flow.js";
import { OWN_APP, OWN_BOT, RepoFake, type Writer } from "../support/repo-fake.js";
import { runResult } from "../support/run-result.js";
import { rawTestConfig } from "../support/test-config.js";

// Anyone with `deployments: write` (a workflow's GITHUB_TOKEN, another app, a person) can create a
// deployment of the same environment at the same ref, payload and all. None of them is envbranch's state.
const DEPLOYED = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
const FORGED = "f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0";

const FORGERS: Array<[string, Writer]> = [
  ["a person", { account: { ...OWN_BOT, login: "mallory", type: "User" }, app: null }],
  ["GitHub Actions", { account: { ...OWN_BOT, login: "github-actions[bot]" }, app: { ...OWN_APP, id: 15368, slug: "github-actions" } }],
  ["another app's bot", { account: { ...OWN_BOT, login: "deployer[bot]" }, app: { ...OWN_APP, id: 999, slug: "deployer" } }],
  ["a person whose login is the bot's", { account: { ...OWN_BOT, type: "User" }, app: null }],
  ["the bot's login through another app", { account: OWN_BOT, app: { ...OWN_APP, id: 999, slug: "deployer" } }],
];

const t = useAppTest();

function deployment(fake: RepoFake, sha: string, payload: Record<string, unknown>, writer?: Writer): number {
  const id = fake.deployments.length + 1;
  fake.deployments.push({ id, sha, ref: sha, environment: "env-alice", payload, ...(writer ? { writer } : {}) });
  return id;
}

/** A delete's reads and writes up to the destroy's dispatch, which is returned. */
function expectDestroyDispatched() {
  t.gh.installationToken();
  t.fake.expectConfig(rawTestConfig());
  t.fake.expectDeploymentList();
  t.fake.expectStartRun();
  const dispatch = t.fake.expectDispatch();
  t.fake.expectCheckRunUpdate();
  return dispatch;
}

describe.each(FORGERS)("a deployment forged by %s", (_who, forger) => {
  it("is not the environment's last deployment: deleting the branch destroys the commit envbranch deployed", async () => {
    deployment(t.fake, DEPLOYED, { branch: "env-alice", correlationId: "c", action: "apply" });
    deployment(t.fake, FORGED, { branch: "env-alice", correlationId: "c", action: "apply" }, forger);
    const dispatch = expectDestroyDispatched();
    await t.app.probot.receive(webhookEvent("delete", deletePayload("env-alice")));
    t.gh.assertDone();
    expect(parseSpec((dispatch.calls[0]?.body as { inputs: { spec: string } }).inputs.spec)).toMatchObject({ action: "destroy", sha: DEPLOYED });
  });

  it("cannot keep a deleted branch's environment alive by claiming it for another branch", async () => {
    deployment(t.fake, DEPLOYED, { branch: "env-alice", correlationId: "c", action: "apply" });
    deployment(t.fake, FORGED, { branch: "env-Alice", correlationId: "c", action: "apply" }, forger);
    expectDestroyDispatched();
    await t.app.probot.receive(webhookEvent("delete", deletePayload("env-alice")));
    t.gh.assertDone();
    expect(t.fake.dispatches).toHaveLength(1);
  });

  it("alone is no deployment: deleting the branch destroys nothing", async () => {
    deployment(t.fake, FORGED, { branch: "env-alice", correlationId: "c", action: "apply" }, forger);
    t.gh.installationToken();
    t.fake.expectConfig(rawTestConfig());
    t.fake.expectDeploymentList();
    await t.app.probot.receive(webhookEvent("delete", deletePayload("env-alice")));
    t.gh.assertDone();
    expect(t.fake.dispatches).toHaveLength(0);
    expect(t.app.logs.some((l) => l.msg === "environment was never deployed; nothing to destroy")).toBe(true);
  });

  it("and a forged success status cannot make an app-only push skip Terraform while envbranch's apply is unsettled", async () => {
    const own = deployment(t.fake, "b".repeat(40), { branch: "env-alice" });
    t.fake.deploymentStatuses.push({ deploymentId: own, state: "in_progress" }, { deploymentId: own, state: "success", writer: forger });
    expectPushUntilDispatch(t, { lastDeployment: true });
    const dispatch = t.fake.expectDispatch();
    t.fake.expectQueueCheck();
    t.fake.expectCheckRunUpdate();
    await t.app.probot.receive(webhookEvent("push", pushPayload("env-alice", "6113728f27ae82c7b1a177c8d03f9e96e0adf246", { modified: ["src/server.js"] })));
    t.gh.assertDone();
    expect(parseSpec((dispatch.calls[0]?.body as { inputs: { spec: string } }).inputs.spec).action).toBe("apply");
  });

  it("is left as it is when envbranch's destroy succeeds: only envbranch's deployments are marked inactive", async () => {
    // The recorded workflow_run payload is of octo-org/octo-repo.
    const fake = new RepoFake(t.gh, "octo-org", "octo-repo");
    const sha = "6113728f27ae82c7b1a177c8d03f9e96e0adf246";
    const correlationId = "alice-destroy-1000-0123abcd";
    fake.checkRuns.push({ id: 1000, head_sha: sha, name: "envbranch: env-alice", external_id: `envbranch:alice:${sha}:destroy`, status: "queued", conclusion: null, output: { title: "", summary: progressMarker({ stage: "dispatched", correlationId }) } });
    const own = deployment(fake, sha, { branch: "env-alice" });
    deployment(fake, sha, { branch: "env-alice" }, forger);
    t.gh.installationToken();
    fake.expectCheckRunGet();
    fake.expectArtifact(9004, `envbranch-${correlationId}`, { "result.json": JSON.stringify(runResult({ action: "destroy", archive: { status: "archived", archiveKey: "archive/x.tfstate", bytes: 10 } })) });
    fake.expectCheckRunUpdate();
    fake.expectDeploymentList();
    fake.expectDeploymentStatus();
    await t.app.probot.receive(webhookEvent("workflow_run", workflowRunPayload(9004, correlationId, "success")));
    t.gh.assertDone();
    expect(fake.deploymentStatuses.map((s) => [s.deploymentId, s.state])).toEqual([[own, "inactive"]]);
  });
});
