import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { listStateVersions, takeStateSnapshot, type StateVersion } from "../../app/adapters/azure/state-snapshots.js";
import type { Spec } from "../../app/spec/spec-schema.js";
import { runRunnerCli, type RunnerRun } from "../support/terraform-azurite/run-runner-cli.js";
import { shimUnavailableReason } from "../support/terraform-azurite/terraform-shim.js";
import { testSpec } from "../support/terraform-azurite/test-checkout.js";
import { useRunnerWorkbench } from "./support/runner-workbench.js";

/**
 * Snapshots, history and restore with the built `envbranch` command, real Terraform through the
 * real azurerm backend, and Azurite's blob snapshots. Runs where runner-e2e.test.ts runs.
 */
const skipReason = shimUnavailableReason();
if (skipReason) console.warn(`state snapshot end-to-end tests skipped: ${skipReason}`);

describe.skipIf(skipReason !== null)("state snapshots end to end: real terraform, Azurite snapshots", () => {
  const bench = useRunnerWorkbench();

  const spec = (branch: string, revision: string, changes: Partial<Spec["terraform"]> = {}): Spec => {
    const base = testSpec(branch, { storageAccount: bench.tf.account, container: bench.tf.containerName, revision });
    return { ...base, terraform: { ...base.terraform, ...changes } };
  };

  /** Runs the CLI with the spec in a file; `out` only for commands that write a result. */
  async function cli(name: string, args: string[], specValue: Spec, withOut = true): Promise<RunnerRun> {
    const specFile = join(bench.checkout, `${name}.spec.json`);
    await writeFile(specFile, JSON.stringify(specValue));
    return runRunnerCli([...args, "--spec", specFile], { cwd: bench.checkout, env: bench.tf.runnerEnv, ...(withOut ? { out: join(bench.checkout, "out", name) } : {}) });
  }

  async function succeeded(name: string, args: string[], specValue: Spec): Promise<NonNullable<RunnerRun["result"]>> {
    const run = await cli(name, args, specValue);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    if (!run.result) throw new Error(`no result:\n${run.stdout}\n${run.stderr}`);
    return run.result;
  }

  async function stateText(key: string): Promise<string> {
    return (await bench.tf.container.getBlobClient(key).downloadToBuffer()).toString("utf8");
  }

  async function history(name: string, specValue: Spec): Promise<{ current: { serial: number } | null; versions: StateVersion[] }> {
    const run = await cli(name, ["state", "history", "--json"], specValue, false);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    return JSON.parse(run.stdout);
  }

  it("apply twice, restore the first version: the next plan shows the second apply's changes again", async () => {
    const key = spec("env-alice", "1").terraform.backend.key;
    const first = await succeeded("alice-apply-1", ["run", "apply"], spec("env-alice", "1"));
    // No state before the first apply: nothing to snapshot, and the result says so.
    expect(first.snapshot).toEqual({ status: "no-state" });
    const afterFirst = JSON.parse(await stateText(key));

    const second = await succeeded("alice-apply-2", ["run", "apply"], spec("env-alice", "2"));
    expect(second.changes!.counts).toMatchObject({ update: 1, replace: 1 });
    expect(second.steps.map((s) => s.name)).toEqual(["version", "init", "plan", "show", "snapshot", "apply", "output", "prune-snapshots"]);
    expect(second.snapshot).toMatchObject({ status: "taken", serial: afterFirst.serial, resources: 3, pruned: 0 });
    if (second.snapshot?.status !== "taken") throw new Error("no snapshot");
    const version = second.snapshot.snapshot;
    const afterSecond = JSON.parse(await stateText(key));

    const listed = await history("alice-history", spec("env-alice", "2"));
    expect(listed.current).toMatchObject({ serial: afterSecond.serial });
    expect(listed.versions).toEqual([
      expect.objectContaining({ snapshot: version, ours: true, action: "apply", run: second.correlationId, sha: second.sha, serial: afterFirst.serial, lineage: afterFirst.lineage, resources: 3 }),
    ]);
    const table = await cli("alice-history-table", ["state", "history"], spec("env-alice", "2"), false);
    expect(table.stdout).toContain(`${key}: serial ${afterSecond.serial}, 3 resource(s) now`);
    expect(table.stdout).toMatch(new RegExp(`${version.replace(/\./g, "\\.")}\\s+apply\\s+${afterFirst.serial}\\s+3\\s+${second.sha!.slice(0, 7)}`));

    const restore = await cli("alice-restore", ["state", "restore", "--version", version], spec("env-alice", "2"), false);
    expect(restore.exitCode, restore.stdout + restore.stderr).toBe(0);
    expect(restore.stdout).toContain(`restored snapshot ${version} (serial ${afterFirst.serial}, 3 resource(s)) to ${key} as serial ${afterSecond.serial + 1}`);
    const restored = JSON.parse(await stateText(key));
    // The first apply's state, with the serial after the one it replaced.
    expect({ ...restored, serial: afterFirst.serial }).toEqual(afterFirst);
    expect(restored.serial).toBe(afterSecond.serial + 1);
    // The lease is released and Terraform's lock info gone.
    const properties = await bench.tf.container.getBlobClient(key).getProperties();
    expect(properties.leaseState).toBe("available");
    expect(Object.keys(properties.metadata ?? {}).map((k) => k.toLowerCase())).not.toContain("terraformlockid");

    const plan = await succeeded("alice-plan-after-restore", ["run", "plan"], spec("env-alice", "2", {}));
    expect(plan.changes).toEqual({ hasChanges: true, counts: { create: 0, update: 1, replace: 1, delete: 0, read: 0 } });
    const unchanged = await succeeded("alice-plan-first-revision", ["run", "plan"], spec("env-alice", "1"));
    expect(unchanged.changes!.hasChanges).toBe(false);

    // The state before the restore was saved too: the restore can itself be undone.
    const after = await history("alice-history-after", spec("env-alice", "2"));
    expect(after.versions.map((v) => [v.action, v.serial])).toEqual([
      ["apply", afterFirst.serial],
      ["restore", afterSecond.serial],
    ]);
  });

  it("refuses to restore a snapshot of another lineage, through the workflow's action too, and changes nothing", async () => {
    await succeeded("bob-apply", ["run", "apply"], spec("env-bob", "1"));
    const bobState = await stateText(spec("env-bob", "1").terraform.backend.key);
    await succeeded("carol-apply", ["run", "apply"], spec("env-carol", "1"));
    const carol = spec("env-carol", "1");
    const key = carol.terraform.backend.key;
    const carolState = await stateText(key);
    // A snapshot of carol's blob that holds bob's state: the other lineage.
    const blob = bench.tf.container.getBlockBlobClient(key);
    await blob.upload(bobState, Buffer.byteLength(bobState));
    const foreign = await takeStateSnapshot(bench.tf.container, key, { action: "apply", run: "by-hand", runUrl: null, sha: "f".repeat(40) });
    await blob.upload(carolState, Buffer.byteLength(carolState));
    if (foreign.status !== "taken") throw new Error("no snapshot");

    const refused = await cli("carol-restore", ["state", "restore", "--version", foreign.snapshot], carol, false);
    expect(refused.exitCode).toBe(4);
    expect(refused.stderr).toContain(`Not restored: its lineage ${JSON.parse(bobState).lineage} is not the current state's ${JSON.parse(carolState).lineage}`);
    expect(refused.stderr).toContain("--allow-lineage-change");

    // `/envbranch restore` dispatches the `restore` action with the version in the spec.
    const dispatched = await cli("carol-restore-action", ["run", "restore"], { ...carol, action: "restore", restoreVersion: foreign.snapshot });
    expect(dispatched.exitCode).toBe(4);
    expect(dispatched.result).toMatchObject({ status: "refused", action: "restore", snapshot: null, failure: { kind: "refused", step: "restore" } });

    expect(await stateText(key)).toBe(carolState);
    expect((await bench.tf.container.getBlobClient(key).getProperties()).leaseState).toBe("available");
    expect((await listStateVersions(bench.tf.container, key)).map((v) => v.snapshot)).toEqual([foreign.snapshot]);

    // Told otherwise, from a terminal, it restores.
    const allowed = await cli("carol-restore-allowed", ["state", "restore", "--version", foreign.snapshot, "--allow-lineage-change"], carol, false);
    expect(allowed.exitCode, allowed.stdout + allowed.stderr).toBe(0);
    expect(JSON.parse(await stateText(key)).lineage).toBe(JSON.parse(bobState).lineage);
  });

  it("restores through the workflow's action, and refuses while another run holds the lease", async () => {
    const dave = spec("env-dave", "1");
    const key = dave.terraform.backend.key;
    await succeeded("dave-apply-1", ["run", "apply"], dave);
    const second = await succeeded("dave-apply-2", ["run", "apply"], spec("env-dave", "2"));
    if (second.snapshot?.status !== "taken") throw new Error("no snapshot");
    const restoreSpec: Spec = { ...dave, action: "restore", restoreVersion: second.snapshot.snapshot };

    const lease = bench.tf.container.getBlobClient(key).getBlobLeaseClient();
    await lease.acquireLease(15);
    const locked = await cli("dave-restore-locked", ["run", "restore"], restoreSpec);
    await lease.releaseLease();
    expect(locked.result).toMatchObject({ status: "failed", failure: { kind: "state-locked", step: "restore" } });

    const restored = await succeeded("dave-restore", ["run", "restore"], restoreSpec);
    expect(restored.message).toContain(`restored snapshot ${second.snapshot.snapshot}`);
    expect(restored.snapshot).toMatchObject({ status: "taken", serial: second.snapshot.serial + 1 });
    expect(restored.steps.map((s) => s.name)).toEqual(["restore", "restore", "restore", "snapshot", "restore", "prune-snapshots"]);
    const plan = await succeeded("dave-plan", ["run", "plan"], spec("env-dave", "2"));
    expect(plan.changes!.counts).toMatchObject({ update: 1, replace: 1 });
  });

  it("prunes envbranch's snapshots beyond the retention after a successful apply, and leaves others' alone", async () => {
    const erin = spec("env-erin", "1", { snapshotRetention: 2 });
    const key = erin.terraform.backend.key;
    await succeeded("erin-apply-1", ["run", "apply"], erin);
    const tag = { action: "apply", run: "earlier-run", runUrl: null, sha: "e".repeat(40) };
    const earlier = [];
    for (let i = 0; i < 3; i += 1) earlier.push(await takeStateSnapshot(bench.tf.container, key, tag));
    // A snapshot someone took by hand carries no envbranch metadata: never pruned.
    const byHand = await bench.tf.container.getBlobClient(key).createSnapshot();

    const apply = await succeeded("erin-apply-2", ["run", "apply"], spec("env-erin", "2", { snapshotRetention: 2 }));
    expect(apply.snapshot).toMatchObject({ status: "taken", pruned: 2 });
    if (apply.snapshot?.status !== "taken") throw new Error("no snapshot");
    const left = await listStateVersions(bench.tf.container, key);
    const newestEarlier = earlier.at(-1)!;
    if (newestEarlier.status !== "taken") throw new Error("no snapshot");
    expect(left.map((v) => v.snapshot).sort()).toEqual([newestEarlier.snapshot, byHand.snapshot!, apply.snapshot.snapshot].sort());
  });

  it("archives a destroyed environment's snapshots with its state", async () => {
    const frank = spec("env-frank", "1");
    await succeeded("frank-apply-1", ["run", "apply"], frank);
    await succeeded("frank-apply-2", ["run", "apply"], spec("env-frank", "2"));
    const destroy = await succeeded("frank-destroy", ["run", "destroy"], { ...spec("env-frank", "2"), action: "destroy" });
    expect(destroy.snapshot).toMatchObject({ status: "taken" });
    if (destroy.archive?.status !== "archived") throw new Error("not archived");
    expect(await bench.tf.container.getBlobClient(frank.terraform.backend.key).exists()).toBe(false);
    const archived = await listStateVersions(bench.tf.container, destroy.archive.archiveKey);
    expect(archived.map((v) => v.action)).toEqual(["apply", "destroy"]);
    expect(archived.every((v) => v.ours && v.lineage)).toBe(true);
  });
});
