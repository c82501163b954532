import { createHash } from "node:crypto";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { lockFromMetadata } from "../../app/runner/lock-info.js";
import type { Spec } from "../../app/spec/spec-schema.js";
import { holdStateLock } from "../support/terraform-azurite/hold-state-lock.js";
import { runRunnerCli, type RunnerRun } from "../support/terraform-azurite/run-runner-cli.js";
import { findOnPath, shimUnavailableReason } from "../support/terraform-azurite/terraform-shim.js";
import { makeTestCheckout, testSpec } from "../support/terraform-azurite/test-checkout.js";
import { useRunnerWorkbench } from "./support/runner-workbench.js";
import { readGithubOutput } from "./support/read-github-output.js";

/**
 * The runner as the built `envbranch` command, running real Terraform through the real azurerm
 * backend into Azurite (TLS, custom account, local metadata endpoint). With CI=true and terraform on
 * PATH it must run: it fails here if it cannot, and `.ci/run` (scripts/ci-verdict.mjs) fails when this
 * file passed no test.
 */
const skipReason = shimUnavailableReason();
if (skipReason) {
  console.warn(`runner end-to-end tests skipped: ${skipReason}`);
  if (process.env.CI === "true" && findOnPath("terraform") !== null) {
    describe("runner end to end in CI", () => {
      it("runs wherever terraform is installed", () => {
        throw new Error(`CI=true and terraform is on PATH, but the runner end-to-end tests cannot run: ${skipReason}`);
      });
    });
  }
}

describe.skipIf(skipReason !== null)("runner end to end: real terraform, azurerm backend, Azurite over TLS", () => {
  const bench = useRunnerWorkbench();

  const spec = (branch: string, revision?: string) =>
    testSpec(branch, { storageAccount: bench.tf.account, container: bench.tf.containerName, ...(revision ? { revision } : {}) });

  /** Runs the CLI with the spec in a file, its own out directory, and the Azurite environment. */
  async function runner(name: string, args: string[], specValue: Spec, extraEnv: Record<string, string> = {}): Promise<RunnerRun & { out: string }> {
    const out = join(bench.checkout, "out", name);
    const specFile = join(bench.checkout, `${name}.spec.json`);
    await writeFile(specFile, JSON.stringify(specValue));
    const run = await runRunnerCli([...args, "--spec", specFile], { cwd: bench.checkout, env: { ...bench.tf.runnerEnv, ...extraEnv }, out });
    if (run.result === null) throw new Error(`the runner wrote no result (exit ${run.exitCode}):\n${run.stdout}\n${run.stderr}`);
    return { ...run, out };
  }

  interface State {
    serial: number;
    lineage: string;
    outputs: Record<string, { value: unknown; sensitive?: boolean }>;
    resources: Array<{ name: string; instances: Array<{ attributes: { input: unknown } }> }>;
  }

  async function keysUnder(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    for await (const item of bench.tf.container.listBlobsFlat({ prefix })) keys.push(item.name);
    return keys;
  }

  async function stateOf(key: string): Promise<State> {
    return JSON.parse((await bench.tf.container.getBlockBlobClient(key).downloadToBuffer()).toString("utf8"));
  }

  it("creates an environment: the state blob appears at the rendered key, and a second apply changes nothing", async () => {
    const alice = spec("env-alice");
    const key = alice.terraform.backend.key;
    expect(key).toBe("envbranch/octo-org/demo-app/alice.tfstate");
    const summaryFile = join(bench.checkout, "summary.md");
    const outputFile = join(bench.checkout, "github-output.txt");
    const first = await runner("create", ["run", "apply"], alice, { GITHUB_STEP_SUMMARY: summaryFile, GITHUB_OUTPUT: outputFile });
    expect(first.exitCode, first.stdout + first.stderr).toBe(0);
    expect(first.result).toMatchObject({
      status: "succeeded",
      action: "apply",
      terraformVersion: expect.stringMatching(/^\d+\.\d+\.\d+$/),
      changes: { hasChanges: true, counts: { create: 3, update: 0, replace: 0, delete: 0, read: 0 } },
      outputs: { url: "https://app-demo-alice.example.test", resource_group: "rg-demo-alice", admin_token: "(sensitive)" },
      sensitiveOutputs: ["admin_token"],
      plan: { title: "3 to add, 0 to change, 0 to destroy" },
      // An apply applies the plan it made at once: nothing is kept for later.
      savedPlan: null,
      erroredState: null,
    });
    expect(first.result!.steps.map((s) => `${s.name}:${s.exitCode}`)).toEqual(["version:0", "init:0", "plan:2", "show:0", "snapshot:0", "apply:0", "output:0"]);
    // Before the first apply the blob holds the empty state init wrote: nothing to snapshot, nothing to prune.
    expect(first.result!.snapshot).toEqual({ status: "no-state" });
    expect(await readdir(first.out)).toEqual(expect.arrayContaining(["plan.tfplan", "plan.json", "result.json"]));
    // Terraform reached Azurite through the metadata endpoint and wrote the state where the spec says.
    expect(bench.tf.metadata.requests()).toBeGreaterThan(0);
    const state = await stateOf(key);
    expect(state.resources.map((r) => r.name).sort()).toEqual(["app", "release", "resource_group"]);
    // The sensitive output's value appears nowhere the runner writes or prints.
    const secret = createHash("sha256").update("alice/1").digest("hex");
    const written = [first.stdout, first.stderr, await readFile(join(first.out, "result.json"), "utf8"), await readFile(summaryFile, "utf8")];
    for (const text of written) expect(text).not.toContain(secret);
    const stepOutputs = readGithubOutput(await readFile(outputFile, "utf8"));
    expect(stepOutputs).toContainEqual(["url", "https://app-demo-alice.example.test"]);
    expect(stepOutputs).toContainEqual(["resource_group", "rg-demo-alice"]);
    expect(stepOutputs.map(([name]) => name)).not.toContain("admin_token");
    const summary = await readFile(summaryFile, "utf8");
    expect(summary).toContain("| 3 | 0 | 0 | 0 | 0 |");
    // The plan summary the PR comment shows, below the result.
    expect(summary).toContain("**Plan: 3 to add, 0 to change, 0 to destroy.**");
    expect(summary).toContain("- `terraform_data.resource_group`");

    const second = await runner("create-again", ["run", "apply"], alice);
    expect(second.exitCode, second.stdout + second.stderr).toBe(0);
    expect(second.result!.changes).toEqual({ hasChanges: false, counts: { create: 0, update: 0, replace: 0, delete: 0, read: 0 } });
    expect(second.result!.steps.map((s) => s.name)).not.toContain("apply");
    const after = await stateOf(key);
    expect({ serial: after.serial, lineage: after.lineage }).toEqual({ serial: state.serial, lineage: state.lineage });
  });

  it("deploys: reads the outputs from the real state, plans and applies nothing, and hands them to the workflow", async () => {
    const alice = { ...spec("env-alice"), action: "deploy" as const };
    const key = alice.terraform.backend.key;
    const before = await stateOf(key);
    const outputFile = join(bench.checkout, "deploy-output.txt");
    const summaryFile = join(bench.checkout, "deploy-summary.md");
    const run = await runner("deploy", ["run"], alice, { GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summaryFile });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.result).toMatchObject({
      status: "succeeded",
      action: "deploy",
      message: "deploy of env-alice succeeded; read the outputs; the workflow builds and deploys the app",
      changes: null,
      sensitiveOutputs: ["admin_token"],
      plan: null,
      savedPlan: null,
      erroredState: null,
    });
    expect(run.stdout).toContain("envbranch: deploy: read the outputs; the workflow builds and deploys the app");
    expect(run.result!.steps.map((s) => `${s.name}:${s.exitCode}`)).toEqual(["version:0", "init:0", "output:0"]);
    // The values are the state's own outputs, as the apply before left them.
    expect(before.outputs.url?.value).toBe("https://app-demo-alice.example.test");
    expect(run.result!.outputs).toEqual({ url: before.outputs.url!.value, resource_group: before.outputs.resource_group!.value, admin_token: "(sensitive)" });
    expect(await readdir(run.out)).toEqual(["result.json"]);
    const after = await stateOf(key);
    expect({ serial: after.serial, lineage: after.lineage }).toEqual({ serial: before.serial, lineage: before.lineage });
    const stepOutputs = Object.fromEntries(readGithubOutput(await readFile(outputFile, "utf8")));
    expect(stepOutputs).toMatchObject({ status: "succeeded", action: "deploy", url: "https://app-demo-alice.example.test", resource_group: "rg-demo-alice" });
    expect(stepOutputs).not.toHaveProperty("admin_token");
    const secret = createHash("sha256").update("alice/1").digest("hex");
    for (const text of [run.stdout, run.stderr, await readFile(join(run.out, "result.json"), "utf8"), await readFile(outputFile, "utf8"), await readFile(summaryFile, "utf8")]) {
      expect(text).not.toContain(secret);
    }

    // An environment never applied has no outputs, though its configuration would give a url: they
    // come from the state alone. (The azurerm backend leaves an empty state blob behind, as a plan does.)
    const carol = { ...spec("env-carol"), action: "deploy" as const };
    const empty = await runner("deploy-carol", ["run"], carol);
    expect(empty.exitCode, empty.stdout + empty.stderr).toBe(0);
    expect(empty.result).toMatchObject({ outputs: {}, sensitiveOutputs: [] });
    const carolState = await stateOf(carol.terraform.backend.key);
    expect({ resources: carolState.resources, outputs: carolState.outputs }).toEqual({ resources: [], outputs: {} });
    await bench.tf.container.getBlobClient(carol.terraform.backend.key).delete();
  });

  it("fails a run while another holds the lock, saying who and how to unlock; unlock frees it", async () => {
    const alice = spec("env-alice");
    const blob = bench.tf.container.getBlobClient(alice.terraform.backend.key);
    const holder = await holdStateLock(alice, bench.tf.runnerEnv, bench.tf.container);
    try {
      // Terraform takes the lease first and writes its lock info into the metadata a moment later.
      let held = lockFromMetadata((await blob.getProperties()).metadata);
      for (let waited = 0; held === null && waited < 10_000; waited += 100) {
        await sleep(100);
        held = lockFromMetadata((await blob.getProperties()).metadata);
      }
      expect(held).not.toBeNull();
      // A plan reads the state without the lease: it neither waits for nor disturbs the holder.
      const planned = await runner("plan-while-locked", ["run", "plan"], alice);
      expect(planned.exitCode, planned.stdout + planned.stderr).toBe(0);
      expect(planned.stdout).toContain("-lock=false");
      expect((await blob.getProperties()).leaseState).toBe("leased");
      const locked = await runner("locked", ["run", "apply", "--lock-timeout", "1s"], alice);
      expect(locked.exitCode, locked.stdout + locked.stderr).toBe(12);
      expect(locked.result!.failure).toMatchObject({ kind: "state-locked", step: "plan", exitCode: 12 });
      expect(locked.result!.lock).toMatchObject({ id: held!.id, who: held!.who });
      const explanation = locked.result!.failure!.explanation;
      expect(explanation).toContain(held!.who);
      expect(explanation).toContain("`/envbranch unlock`");
      expect(explanation).toContain("`envbranch run unlock --branch env-alice`");

      const unlocked = await runner("unlock", ["run", "unlock"], alice);
      expect(unlocked.exitCode, unlocked.stdout + unlocked.stderr).toBe(0);
      expect(unlocked.stdout).toContain(`locked by ${held!.who}`);
      expect(unlocked.result).toMatchObject({ status: "succeeded", lock: { id: held!.id }, steps: [{ name: "unlock", kind: "storage", exitCode: 0 }] });
      const properties = await blob.getProperties();
      expect(properties.leaseState).not.toBe("leased");
      expect(lockFromMetadata(properties.metadata)).toBeNull();

      const free = await runner("after-unlock", ["run", "apply"], alice);
      expect(free.exitCode, free.stdout + free.stderr).toBe(0);
    } finally {
      await holder.release();
    }
  });

  it("keeps two environments in two blobs", async () => {
    const aliceKey = spec("env-alice").terraform.backend.key;
    const aliceBefore = await bench.tf.container.getBlockBlobClient(aliceKey).downloadToBuffer();
    const bob = spec("env-bob");
    const run = await runner("bob", ["run", "apply"], bob);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.result!.stateKey).toBe("envbranch/octo-org/demo-app/bob.tfstate");
    const keys: string[] = [];
    // Saved plans live beside the states, under each environment's own prefix.
    for await (const item of bench.tf.container.listBlobsFlat({ prefix: "envbranch/" })) if (!item.name.includes("/plans/")) keys.push(item.name);
    expect(keys.sort()).toEqual([aliceKey, bob.terraform.backend.key]);
    expect(await bench.tf.container.getBlockBlobClient(aliceKey).downloadToBuffer()).toEqual(aliceBefore);
    const groupOf = async (key: string) => JSON.stringify((await stateOf(key)).resources.find((r) => r.name === "resource_group")!.instances[0]!.attributes.input);
    expect(await groupOf(bob.terraform.backend.key)).toContain("rg-demo-bob");
    expect(await groupOf(aliceKey)).toContain("rg-demo-alice");
  });

  /** A plan run of a pull request, as the app dispatches it: its saved plan goes beside the state. */
  let plans = 0;
  async function planOfPr(name: string, revision: string, pullRequest = 7) {
    plans += 1;
    const sha = createHash("sha1").update(name).digest("hex");
    const planned = await runner(name, ["run", "plan"], { ...spec("env-alice", revision), sha, action: "plan", pullRequest, correlationId: `alice-plan-${plans}-0123abcd` });
    expect(planned.exitCode, planned.stdout + planned.stderr).toBe(0);
    const saved = planned.result!.savedPlan;
    if (!saved) throw new Error("the plan run saved no plan");
    return { planned, saved: { key: saved.key, sha256: saved.sha256 }, sha };
  }

  /** An apply of an approved plan, as the app dispatches it: the spec names the saved plan and its hash. */
  function approvedApply(name: string, revision: string, plan: { saved: { key: string; sha256: string }; sha: string }) {
    const base = spec("env-alice", revision);
    return runner(name, ["run"], { ...base, sha: plan.sha, action: "apply", terraform: { ...base.terraform, savedPlan: plan.saved } });
  }

  it("keeps a plan run's saved plan beside the state, never in the out directory's upload, and applies exactly it", async () => {
    const key = spec("env-alice").terraform.backend.key;
    const before = await stateOf(key);
    const plan = await planOfPr("pr-plan-r2", "2");
    const { planned, saved } = plan;
    expect(planned.result!.changes!.counts).toMatchObject({ update: 1, replace: 1 });
    expect(saved.key).toBe(`envbranch/octo-org/demo-app/alice/plans/${planned.result!.correlationId}.tfplan`);
    expect(planned.result!.steps.map((s) => `${s.name}:${s.exitCode}`)).toEqual(["version:0", "init:0", "plan:2", "show:0", "save-plan:0"]);
    const blob = await bench.tf.container.getBlockBlobClient(saved.key).downloadToBuffer();
    expect(createHash("sha256").update(blob).digest("hex")).toBe(saved.sha256);
    expect(blob).toEqual(await readFile(join(planned.out, "plan.tfplan")));
    // The result is all the workflow uploads: no plan bytes, no plan JSON, no secret in it.
    const resultText = await readFile(join(planned.out, "result.json"), "utf8");
    expect(resultText).not.toContain(createHash("sha256").update("alice/2").digest("hex"));
    expect(resultText.length).toBeLessThan(20_000);
    expect(planned.result!.plan!.markdown).toContain("terraform_data.app");

    // Terraform refuses a saved plan whose provider locks differ from the working directory's; no provider
    // can be downloaded here, so show the runner's part: whatever lock file the checkout has is replaced by
    // the one inside the verified plan, and init runs with -lockfile=readonly.
    const stackLock = join(bench.checkout, "terraform", ".terraform.lock.hcl");
    await writeFile(stackLock, '# a lock file from a newer provider release\nprovider "registry.terraform.io/hashicorp/azurerm" {\n  version = "9.9.9"\n}\n');
    const applied = await approvedApply("apply-approved-r2", "2", plan);
    expect(applied.exitCode, applied.stdout + applied.stderr).toBe(0);
    expect(applied.result!.steps.map((s) => `${s.name}:${s.exitCode}`)).toEqual(["version:0", "fetch-plan:0", "init:0", "show:0", "snapshot:0", "apply:0", "discard-plan:0", "output:0", "prune-snapshots:0"]);
    expect(applied.stdout).toContain("-lockfile=readonly");
    expect(applied.stdout).toContain(`sha256 ${saved.sha256} verified`);
    expect(await readFile(stackLock, "utf8")).not.toContain("azurerm");
    const after = await stateOf(key);
    expect(after.lineage).toBe(before.lineage);
    expect(JSON.stringify(after.resources.find((r) => r.name === "app")!.instances[0]!.attributes.input)).toContain('"revision":"2"');
    // Applied plans are gone: Terraform would refuse them as stale anyway.
    expect(await bench.tf.container.getBlobClient(saved.key).exists()).toBe(false);
  });

  it("refuses a saved plan whose blob changed after approval, or that belongs to another environment, and changes nothing", async () => {
    const key = spec("env-alice").terraform.backend.key;
    const plan = await planOfPr("pr-plan-r4", "4");
    const { saved } = plan;
    const before = await bench.tf.container.getBlockBlobClient(key).downloadToBuffer();
    const original = await bench.tf.container.getBlockBlobClient(saved.key).downloadToBuffer();
    // Someone with write access to the container swaps the approved plan for another.
    await bench.tf.container.getBlockBlobClient(saved.key).uploadData(Buffer.concat([original, Buffer.from("tampered")]), { metadata: { statekey: key, sha: plan.sha } });
    const tampered = await approvedApply("apply-tampered", "4", plan);
    expect(tampered.exitCode, tampered.stdout + tampered.stderr).toBe(22);
    expect(tampered.result!.failure).toMatchObject({ kind: "saved-plan-rejected", step: "fetch-plan" });
    expect(tampered.result!.failure!.explanation).toContain(`the approved plan's is ${saved.sha256}`);
    expect(tampered.result!.steps.map((s) => s.name)).not.toContain("apply");

    const bob = spec("env-bob");
    const elsewhere = await runner("apply-other-env", ["run"], { ...bob, sha: plan.sha, terraform: { ...bob.terraform, savedPlan: saved } });
    expect(elsewhere.exitCode, elsewhere.stdout + elsewhere.stderr).toBe(22);
    expect(elsewhere.result!.failure!.explanation).toContain("is not a saved plan of this environment");
    expect(await bench.tf.container.getBlockBlobClient(key).downloadToBuffer()).toEqual(before);
  });

  it("removes the plans a newer plan of the same pull request supersedes, and keeps other pull requests' plans", async () => {
    const first = await planOfPr("pr7-a", "5", 7);
    const other = await planOfPr("pr8-a", "5", 8);
    const second = await planOfPr("pr7-b", "6", 7);
    expect(second.planned.stdout).toContain("removed 1 superseded or expired plan(s)");
    expect(await bench.tf.container.getBlobClient(first.saved.key).exists()).toBe(false);
    expect(await bench.tf.container.getBlobClient(other.saved.key).exists()).toBe(true);
    expect(await bench.tf.container.getBlobClient(second.saved.key).exists()).toBe(true);
  });

  it("explains an init failure on a missing container with doctor's state check and the az command that fixes it", async () => {
    const missing = await runner("missing-container", ["run"], testSpec("env-alice", { storageAccount: bench.tf.account, container: "nosuchcontainer", action: "plan" }));
    expect(missing.result!.failure).toMatchObject({ kind: "init-failed", step: "init" });
    expect(missing.result!.failure!.explanation).toContain(
      `\`terraform init\` could not set up the backend, so nothing was planned or changed.`,
    );
    expect(missing.result!.failure!.explanation).toContain(
      `envbranch doctor found: ✗ state container ${bench.tf.account}/nosuchcontainer: container nosuchcontainer does not exist in storage account ${bench.tf.account}; Terraform does not create it. Fix: \`az storage container-rm create --storage-account ${bench.tf.account} -g rg-envbranch-state --subscription 00000000-0000-0000-0000-000000000001 -n nosuchcontainer\``,
    );
    expect(missing.stdout).toContain("envbranch: running envbranch doctor's state-storage checks to explain the failure");
  });

  it("fails as stale when a saved plan is applied after the state moved on", async () => {
    const plan = await planOfPr("stale-plan-r2", "2");
    const moved = await runner("apply-r3", ["run", "apply"], spec("env-alice", "3"));
    expect(moved.exitCode, moved.stdout + moved.stderr).toBe(0);

    const stale = await approvedApply("apply-saved-r2", "2", plan);
    expect(stale.exitCode, stale.stdout + stale.stderr).toBe(15);
    expect(stale.result!.failure).toMatchObject({ kind: "stale-plan", step: "apply" });
    expect(stale.result!.failure!.explanation).toContain("stale");
    const app = (await stateOf(spec("env-alice").terraform.backend.key)).resources.find((r) => r.name === "app")!;
    expect(JSON.stringify(app.instances[0]!.attributes.input)).toContain('"revision":"3"');
  });

  it("destroys: resources gone, state archived, then removed", async () => {
    const alice = spec("env-alice", "3");
    const key = alice.terraform.backend.key;
    const before = await stateOf(key);
    const plansBefore = await keysUnder("envbranch/octo-org/demo-app/alice/plans/");
    const run = await runner("destroy", ["run", "destroy"], { ...alice, action: "destroy" });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.result!.changes!.counts).toMatchObject({ delete: 3, create: 0 });
    expect(plansBefore.length).toBeGreaterThan(0);
    expect(run.result!.steps.map((s) => s.name)).toEqual(["version", "init", "plan", "show", "snapshot", "apply", "archive", "discard-plan"]);
    expect(await keysUnder("envbranch/octo-org/demo-app/alice/plans/")).toEqual([]);
    const archive = run.result!.archive;
    expect(archive).toMatchObject({ status: "archived", archiveKey: expect.stringMatching(/^archive\/envbranch\/octo-org\/demo-app\/alice\/.+\.tfstate$/) });
    if (archive?.status !== "archived") throw new Error("not archived");
    expect(await bench.tf.container.getBlobClient(key).exists()).toBe(false);
    const archived = await stateOf(archive.archiveKey);
    expect(archived.resources).toEqual([]);
    expect(archived.lineage).toBe(before.lineage);
    expect(archived.serial).toBeGreaterThan(before.serial);
    expect(await bench.tf.container.getBlobClient(spec("env-bob").terraform.backend.key).exists()).toBe(true);
  });

  it("leaves the state untouched when a push's commit is no longer its branch's head, and applies the head", async () => {
    // The checkout's origin is a real bare repository; env-dave is pushed twice.
    const git = (cwd: string, ...args: string[]) => execa("git", ["-c", "user.name=t", "-c", "user.email=t@example.test", ...args], { cwd });
    const origin = join(bench.checkout, "dave-origin.git");
    const dave = await makeTestCheckout();
    try {
      await git(bench.checkout, "init", "-q", "--bare", origin);
      await git(dave, "init", "-q");
      await git(dave, "remote", "add", "origin", origin);
      const push = async (message: string) => {
        await git(dave, "commit", "-q", "--allow-empty", "-m", message);
        await git(dave, "push", "-q", "origin", "HEAD:refs/heads/env-dave");
        return (await git(dave, "rev-parse", "HEAD")).stdout.trim();
      };
      const older = await push("older");
      const newer = await push("newer");
      const base = { ...spec("env-dave"), followsBranch: true };
      const key = base.terraform.backend.key;
      const run = (name: string) =>
        runRunnerCli(["run", "apply", "--spec", join(dave, `${name}.json`)], { cwd: dave, env: bench.tf.runnerEnv, out: join(dave, "out", name) });

      await writeFile(join(dave, "older.json"), JSON.stringify({ ...base, sha: older }));
      const superseded = await run("older");
      expect(superseded.exitCode, superseded.stdout + superseded.stderr).toBe(0);
      expect(superseded.result).toMatchObject({ status: "superseded", steps: [], failure: null });
      expect(await bench.tf.container.getBlobClient(key).exists()).toBe(false);

      await writeFile(join(dave, "newer.json"), JSON.stringify({ ...base, sha: newer }));
      const applied = await run("newer");
      expect(applied.exitCode, applied.stdout + applied.stderr).toBe(0);
      expect(applied.result).toMatchObject({ status: "succeeded", changes: { counts: { create: 3 } } });
      expect((await stateOf(key)).resources.map((r) => r.name).sort()).toEqual(["app", "release", "resource_group"]);
      await bench.tf.container.getBlobClient(key).delete();
    } finally {
      await rm(dave, { recursive: true, force: true });
    }
  });
});
