import { useAppTest } from "../support/app-test.js";
import { describe, expect, it } from "vitest";
import { progressMarker, readProgress } from "../../app/decisions/run-progress.js";
import { webhookEvent } from "../support/github/webhooks.js";
import { workflowRunPayload } from "../support/app-under-test.js";
import { runResult, SMALL_PLAN_JSON, smallPlanSummary } from "../support/run-result.js";

const SHA = "6113728f27ae82c7b1a177c8d03f9e96e0adf246";
const CORRELATION = "alice-apply-1000-0123abcd";

const t = useAppTest({ owner: "octo-org", repo: "octo-repo" });

/** The check run a dispatch left behind, as start-run writes it. */
function dispatchedCheckRun(progress: Record<string, unknown> = {}) {
  t.fake.checkRuns.push({
    id: 1000,
    head_sha: SHA,
    name: "envbranch: env-alice",
    external_id: `envbranch:alice:${SHA}:apply`,
    status: "queued",
    conclusion: null,
    output: { title: "Applying env-alice", summary: progressMarker({ stage: "dispatched", correlationId: CORRELATION, deploymentId: 55, ...progress }) },
  });
}

describe("a finished workflow run", () => {
  it("updates the check run with the counts and the deployment with the environment's URL", async () => {
    dispatchedCheckRun();
    t.gh.installationToken();
    t.fake.expectCheckRunGet();
    // A plan.json beside the result (an old workflow's artifact) is never read: the summary is the result's own.
    const forgedPlan = SMALL_PLAN_JSON.replace("terraform_data.app", "terraform_data.not_this");
    t.fake.expectArtifact(9001, `envbranch-${CORRELATION}`, { "result.json": JSON.stringify(runResult({ correlationId: CORRELATION, plan: smallPlanSummary() })), "plan.json": forgedPlan });
    const update = t.fake.expectCheckRunUpdate();
    t.fake.expectDeploymentStatus();
    await t.app.probot.receive(webhookEvent("workflow_run", workflowRunPayload(9001, CORRELATION, "success")));
    t.gh.assertDone();

    const body = update.calls[0]?.body as { conclusion: string; details_url: string; output: { title: string; summary: string } };
    expect(body.conclusion).toBe("success");
    expect(body.output.title).toBe("Applied: 1 to add, 0 to change, 0 to destroy");
    expect(body.details_url).toBe("https://github.com/octo-org/octo-repo/actions/runs/9001");
    expect(body.output.summary).toContain("terraform_data.app");
    expect(body.output.summary).not.toContain("not_this");
    expect(readProgress(body.output.summary)).toMatchObject({ stage: "completed", runId: 9001, outcome: "succeeded" });
    expect(t.fake.deploymentStatuses).toEqual([
      expect.objectContaining({ deploymentId: 55, state: "success", environment_url: "https://app-helloworld-alice.azurewebsites.net", log_url: "https://github.com/octo-org/octo-repo/actions/runs/9001" }),
    ]);
  });

  it.each([
    ["records the saved plan under this environment's own key, with its hash in the check run", "envbranch/octo-org/octo-repo/alice/plans/alice-plan-1000-0123abcd.tfplan", true],
    ["ignores a saved plan the result puts under another environment's key", "envbranch/octo-org/octo-repo/prod/plans/alice-plan-1000-0123abcd.tfplan", false],
    ["ignores a saved plan of another run of this environment", "envbranch/octo-org/octo-repo/alice/plans/alice-plan-999-0123abcd.tfplan", false],
  ])("%s", async (_what, key, recorded) => {
    const planId = "alice-plan-1000-0123abcd";
    t.fake.checkRuns.push({ id: 1000, head_sha: SHA, name: "envbranch: env-alice", external_id: `envbranch:alice:${SHA}:plan`, status: "queued", conclusion: null, output: { title: "", summary: progressMarker({ stage: "dispatched", correlationId: planId }) } });
    t.gh.installationToken();
    t.fake.expectCheckRunGet();
    const sha256 = "c".repeat(64);
    const planned = runResult({ action: "plan", correlationId: planId, outputs: {}, sensitiveOutputs: [], plan: smallPlanSummary(), savedPlan: { key, sha256, bytes: 1200 } });
    t.fake.expectArtifact(9010, `envbranch-${planId}`, { "result.json": JSON.stringify(planned) });
    const update = t.fake.expectCheckRunUpdate();
    await t.app.probot.receive(webhookEvent("workflow_run", workflowRunPayload(9010, planId, "success")));
    t.gh.assertDone();
    const body = update.calls[0]?.body as { output: { summary: string } };
    expect(readProgress(body.output.summary)?.savedPlan).toEqual(recorded ? { key, sha256 } : undefined);
    expect(body.output.summary.includes(sha256)).toBe(recorded);
  });

  it("reports a failed run with the failing step and its explanation, and the deployment as failed", async () => {
    dispatchedCheckRun();
    t.gh.installationToken();
    t.fake.expectCheckRunGet();
    const failed = runResult({
      status: "failed",
      exitCode: 14,
      message: "apply failed half-way",
      changes: null,
      outputs: {},
      sensitiveOutputs: [],
      failure: { kind: "apply-failed", step: "apply", exitCode: 14, explanation: "Terraform applied part of the plan. The state was saved; push again to finish." },
    });
    t.fake.expectArtifact(9002, `envbranch-${CORRELATION}`, { "result.json": JSON.stringify(failed) });
    const update = t.fake.expectCheckRunUpdate();
    t.fake.expectDeploymentStatus();
    await t.app.probot.receive(webhookEvent("workflow_run", workflowRunPayload(9002, CORRELATION, "failure")));
    t.gh.assertDone();
    const body = update.calls[0]?.body as { conclusion: string; output: { title: string; summary: string } };
    expect(body).toMatchObject({ conclusion: "failure", output: { title: "Failed at apply: apply failed half-way" } });
    expect(body.output.summary).toContain("The state was saved; push again to finish.");
    expect(t.fake.deploymentStatuses[0]).toMatchObject({ state: "failure", log_url: "https://github.com/octo-org/octo-repo/actions/runs/9002" });
  });

  it("reports a run superseded by a newer commit as neutral, and its deployment inactive", async () => {
    dispatchedCheckRun();
    t.gh.installationToken();
    t.fake.expectCheckRunGet();
    const superseded = runResult({ status: "superseded", message: "superseded by a newer commit", changes: null, outputs: {}, sensitiveOutputs: [] });
    t.fake.expectArtifact(9008, `envbranch-${CORRELATION}`, { "result.json": JSON.stringify(superseded) });
    const update = t.fake.expectCheckRunUpdate();
    t.fake.expectDeploymentStatus();
    await t.app.probot.receive(webhookEvent("workflow_run", workflowRunPayload(9008, CORRELATION, "success")));
    t.gh.assertDone();
    expect(update.calls[0]?.body).toMatchObject({ conclusion: "neutral", output: { title: "Superseded by a newer commit" } });
    expect(t.fake.deploymentStatuses[0]).toMatchObject({ state: "inactive" });
  });

  it("never reports a run without a result as a success", async () => {
    dispatchedCheckRun();
    t.gh.installationToken();
    t.fake.expectCheckRunGet();
    t.fake.expectArtifact(9003, `envbranch-${CORRELATION}`, null);
    const update = t.fake.expectCheckRunUpdate();
    t.fake.expectDeploymentStatus();
    await t.app.probot.receive(webhookEvent("workflow_run", workflowRunPayload(9003, CORRELATION, "cancelled")));
    t.gh.assertDone();
    expect(update.calls[0]?.body).toMatchObject({ conclusion: "cancelled", output: { title: "No result: the run ended cancelled" } });
    expect(t.fake.deploymentStatuses[0]).toMatchObject({ state: "failure" });
  });

  it("marks every deployment of a destroyed environment inactive", async () => {
    const destroyId = "alice-destroy-1000-0123abcd";
    t.fake.checkRuns.push({ id: 1000, head_sha: SHA, name: "envbranch: env-alice", external_id: "x", status: "queued", conclusion: null, output: { title: "", summary: progressMarker({ stage: "dispatched", correlationId: destroyId }) } });
    t.fake.deployments.push({ id: 1, sha: SHA, ref: SHA, environment: "env-alice", payload: {} }, { id: 2, sha: SHA, ref: SHA, environment: "env-alice", payload: {} });
    t.gh.installationToken();
    t.fake.expectCheckRunGet();
    t.fake.expectArtifact(9004, `envbranch-${destroyId}`, { "result.json": JSON.stringify(runResult({ action: "destroy", archive: { status: "archived", archiveKey: "archive/x.tfstate", bytes: 10 } })) });
    t.fake.expectCheckRunUpdate();
    t.fake.expectDeploymentList();
    t.fake.expectDeploymentStatus(2);
    await t.app.probot.receive(webhookEvent("workflow_run", workflowRunPayload(9004, destroyId, "success")));
    t.gh.assertDone();
    expect(t.fake.deploymentStatuses.map((s) => [s.deploymentId, s.state])).toEqual([[2, "inactive"], [1, "inactive"]]);
  });

  it("ignores runs it did not dispatch, and runs whose correlation id no check run of its own carries", async () => {
    await t.app.probot.receive(webhookEvent("workflow_run", workflowRunPayload(9005, CORRELATION, "success", "mallory")));
    t.gh.installationToken();
    t.fake.expectCheckRunGet();
    await t.app.probot.receive(webhookEvent("workflow_run", workflowRunPayload(9006, CORRELATION, "success")));
    t.gh.assertDone();
    expect(t.gh.requests.map((r) => r.operationId)).toEqual(["apps/create-installation-access-token", "checks/get"]);
  });

  it("ignores a run the bot did not dispatch, or whose name holds no correlation id envbranch makes, before any GitHub call", async () => {
    dispatchedCheckRun();
    const pushed = workflowRunPayload(9008, CORRELATION, "success");
    pushed.workflow_run.event = "push";
    const unbracketed = workflowRunPayload(9009, CORRELATION, "success");
    (unbracketed.workflow_run as { display_title?: string }).display_title = `envbranch apply env-alice ${CORRELATION}`;
    const foreignId = workflowRunPayload(9010, "not-a-correlation-id", "success");
    const noActor = workflowRunPayload(9011, CORRELATION, "success");
    noActor.workflow_run.triggering_actor = null as never;
    for (const payload of [pushed, unbracketed, foreignId, noActor]) await t.app.probot.receive(webhookEvent("workflow_run", payload));
    t.gh.assertDone();
    expect(t.gh.requests).toEqual([]);
  });

  it("reports a result once when the event is delivered again", async () => {
    dispatchedCheckRun({ stage: "completed", runId: 9007 });
    t.gh.installationToken();
    t.fake.expectCheckRunGet();
    await t.app.probot.receive(webhookEvent("workflow_run", workflowRunPayload(9007, CORRELATION, "success")));
    t.gh.assertDone();
  });
});
