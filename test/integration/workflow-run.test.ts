import { useAppTest } from "../support/app-test.js";
import { randomBytes } from "node:crypto";
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

  it.each([
    [
      "names the snapshot an apply took before it changed the state, and the commands that restore it",
      { status: "taken" as const, snapshot: "2026-12-02T04:43:02.1234567Z", serial: 7, resources: 3, pruned: 2 },
      [
        "Before the change, the state of `envbranch/codertocat/hello-world/alice.tfstate` was saved as snapshot `2026-12-02T04:43:02.1234567Z` (serial 7, 3 resource(s)).",
        "comment `/envbranch restore 2026-12-02T04:43:02.1234567Z` on a pull request into the branch, or run `envbranch state restore --branch env-alice --version 2026-12-02T04:43:02.1234567Z`.",
        "2 older snapshot(s) were pruned.",
      ],
    ],
    ["says a first apply took no snapshot, and why", { status: "no-state" as const }, ["No snapshot of the state was taken: there was no state yet to go back to (the first apply)."]],
  ])("%s", async (_name, snapshot, lines) => {
    dispatchedCheckRun();
    t.gh.installationToken();
    t.fake.expectCheckRunGet();
    t.fake.expectArtifact(9012, `envbranch-${CORRELATION}`, { "result.json": JSON.stringify(runResult({ correlationId: CORRELATION, snapshot })) });
    const update = t.fake.expectCheckRunUpdate();
    t.fake.expectDeploymentStatus();
    await t.app.probot.receive(webhookEvent("workflow_run", workflowRunPayload(9012, CORRELATION, "success")));
    t.gh.assertDone();
    const body = update.calls[0]?.body as { conclusion: string; output: { summary: string } };
    expect(body.conclusion).toBe("success");
    for (const line of lines) expect(body.output.summary).toContain(line);
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

  it("refuses an artifact too large to be a result before downloading it, and says so in the check run", async () => {
    dispatchedCheckRun();
    t.gh.installationToken();
    t.fake.expectCheckRunGet();
    // Incompressible, so the zip itself is over the bound: the listing says so and nothing is downloaded.
    const noise = randomBytes(12 * 1024 * 1024).toString("base64");
    t.fake.expectArtifact(9011, `envbranch-${CORRELATION}`, { "result.json": JSON.stringify(runResult({ correlationId: CORRELATION })), "padding.bin": noise }, { downloaded: false });
    const update = t.fake.expectCheckRunUpdate();
    t.fake.expectDeploymentStatus();
    await t.app.probot.receive(webhookEvent("workflow_run", workflowRunPayload(9011, CORRELATION, "success")));
    t.gh.assertDone();
    const body = update.calls[0]?.body as { conclusion: string; output: { title: string; summary: string } };
    expect(body.conclusion).toBe("failure");
    expect(body.output.summary).toMatch(/Its artifact was refused unread: the artifact envbranch-alice-apply-1000-0123abcd is \d+ bytes, more than the 10485760 a result can be\./);
  });

  it("never inflates a small artifact whose result would inflate past the bound", async () => {
    dispatchedCheckRun();
    t.gh.installationToken();
    t.fake.expectCheckRunGet();
    const padded = JSON.stringify(runResult({ correlationId: CORRELATION })) + " ".repeat(11 * 1024 * 1024);
    t.fake.expectArtifact(9013, `envbranch-${CORRELATION}`, { "result.json": padded });
    const update = t.fake.expectCheckRunUpdate();
    t.fake.expectDeploymentStatus();
    await t.app.probot.receive(webhookEvent("workflow_run", workflowRunPayload(9013, CORRELATION, "success")));
    t.gh.assertDone();
    expect((update.calls[0]?.body as { output: { summary: string } }).output.summary).toMatch(/result\.json inflates to \d+ bytes, more than the 10485760/);
  });

  it("says why a result file it cannot read was not counted", async () => {
    dispatchedCheckRun();
    t.gh.installationToken();
    t.fake.expectCheckRunGet();
    t.fake.expectArtifact(9012, `envbranch-${CORRELATION}`, { "result.json": JSON.stringify({ ...runResult({ correlationId: CORRELATION }), version: 1 }) });
    const update = t.fake.expectCheckRunUpdate();
    t.fake.expectDeploymentStatus();
    await t.app.probot.receive(webhookEvent("workflow_run", workflowRunPayload(9012, CORRELATION, "success")));
    t.gh.assertDone();
    const body = update.calls[0]?.body as { conclusion: string; output: { summary: string } };
    expect(body.conclusion).toBe("failure");
    expect(body.output.summary).toContain("Its result.json is not a result this app reads: the result file is not a version 2 result");
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
    expect(t.fake.deploymentStatuses[0]).toMatchObject({ state: "error", description: "apply cancelled" });
  });

  it("reports a cancelled run as cancelled, with the lock it left held, and never its deployment as a success", async () => {
    dispatchedCheckRun();
    t.gh.installationToken();
    t.fake.expectCheckRunGet();
    const lock = { id: "8d1b2c3a-0000-4000-8000-000000000001", who: "runner@fv-az12", operation: "OperationTypeApply", created: "2026-11-22 10:00:01.5 +0000 UTC" };
    const cancelled = runResult({
      status: "cancelled",
      exitCode: 20,
      message: "apply of env-alice cancelled during apply",
      outputs: {},
      sensitiveOutputs: [],
      erroredState: { key: "envbranch/octo-org/octo-repo/alice/errored/alice-apply-1000-0123abcd.tfstate", problem: null },
      lock,
      failure: { kind: "cancelled", step: "apply", exitCode: 20, explanation: "The run was cancelled by SIGINT during `terraform apply`. The state blob is still locked by runner@fv-az12." },
    });
    t.fake.expectArtifact(9010, `envbranch-${CORRELATION}`, { "result.json": JSON.stringify(cancelled) });
    const update = t.fake.expectCheckRunUpdate();
    t.fake.expectDeploymentStatus();
    await t.app.probot.receive(webhookEvent("workflow_run", workflowRunPayload(9010, CORRELATION, "cancelled")));
    t.gh.assertDone();
    const body = update.calls[0]?.body as { conclusion: string; output: { title: string; summary: string } };
    expect(body).toMatchObject({ conclusion: "cancelled", output: { title: "Cancelled; the state is still locked by runner@fv-az12" } });
    expect(body.output.summary).toContain("was cancelled.");
    expect(body.output.summary).toContain("The state blob is still locked by runner@fv-az12.");
    expect(readProgress(body.output.summary)).toMatchObject({ stage: "completed", outcome: "cancelled" });
    expect(t.fake.deploymentStatuses[0]).toMatchObject({ state: "error", description: "apply cancelled" });
  });

  it("says who held the lock an unlock freed, and since when", async () => {
    dispatchedCheckRun({ deploymentId: undefined });
    t.gh.installationToken();
    t.fake.expectCheckRunGet();
    const lock = { id: "8d1b2c3a-0000-4000-8000-000000000001", who: "runner@fv-az12", operation: "OperationTypeApply", created: "2026-11-22 10:00:01.5 +0000 UTC" };
    const unlocked = runResult({ action: "unlock", message: "unlock of env-alice succeeded", changes: null, outputs: {}, sensitiveOutputs: [], lock });
    t.fake.expectArtifact(9011, `envbranch-${CORRELATION}`, { "result.json": JSON.stringify(unlocked) });
    const update = t.fake.expectCheckRunUpdate();
    await t.app.probot.receive(webhookEvent("workflow_run", workflowRunPayload(9011, CORRELATION, "success")));
    t.gh.assertDone();
    const body = update.calls[0]?.body as { conclusion: string; output: { summary: string } };
    expect(body.conclusion).toBe("success");
    expect(body.output.summary).toContain("The lock was held by runner@fv-az12 (operation OperationTypeApply, since 2026-11-22 10:00:01.5 +0000 UTC, lock ID 8d1b2c3a-0000-4000-8000-000000000001).");
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
