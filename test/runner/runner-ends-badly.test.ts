import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { lockFromMetadata } from "../../app/runner/lock-info.js";
import type { Spec } from "../../app/spec/spec-schema.js";
import { runRunnerCli, startRunnerCli, type RunnerRun } from "../support/terraform-azurite/run-runner-cli.js";
import { shimUnavailableReason } from "../support/terraform-azurite/terraform-shim.js";
import { SLOW_STACK, testSpec } from "../support/terraform-azurite/test-checkout.js";
import { useRunnerWorkbench } from "./support/runner-workbench.js";
import { terraformChildOf } from "./support/terraform-child.js";

/**
 * Runs that end badly, for real: the built runner as a process, real Terraform applying a stack
 * whose steps take seconds (test/fixtures/stacks/slow-steps), state in Azurite. Signals are sent
 * as GitHub's runner sends them: to the runner's process alone.
 */
const skipReason = shimUnavailableReason();
if (skipReason) console.warn(`runner cancellation tests skipped: ${skipReason}`);

describe.skipIf(skipReason !== null)("runner cancelled or killed mid-run: real terraform, azurerm backend, Azurite", () => {
  const bench = useRunnerWorkbench(SLOW_STACK);

  const spec = (branch: string, variables: Record<string, string> = {}): Spec =>
    testSpec(branch, { storageAccount: bench.tf.account, container: bench.tf.containerName, variables });

  async function specFile(name: string, value: Spec): Promise<string> {
    const file = join(bench.checkout, `${name}.spec.json`);
    await writeFile(file, JSON.stringify(value));
    return file;
  }

  /** Starts `envbranch run ACTION` for `value`; `out` is its own directory. */
  async function start(name: string, action: string, value: Spec) {
    const out = join(bench.checkout, "out", name);
    return { out, runner: startRunnerCli(["run", action, "--spec", await specFile(name, value)], { cwd: bench.checkout, env: bench.tf.runnerEnv, out }) };
  }

  async function run(name: string, args: string[], value: Spec): Promise<RunnerRun> {
    return runRunnerCli([...args, "--spec", await specFile(name, value)], { cwd: bench.checkout, env: bench.tf.runnerEnv, out: join(bench.checkout, "out", name) });
  }

  interface State {
    serial: number;
    lineage: string;
    resources: Array<{ name: string; instances: Array<{ status?: string }> }>;
  }

  /** The state blob, parsed: a cut-off write would not parse. */
  async function stateOf(value: Spec): Promise<State> {
    return JSON.parse((await bench.tf.container.getBlockBlobClient(value.terraform.backend.key).downloadToBuffer()).toString("utf8")) as State;
  }

  async function leaseOf(value: Spec) {
    const properties = await bench.tf.container.getBlobClient(value.terraform.backend.key).getProperties();
    return { state: properties.leaseState, lock: lockFromMetadata(properties.metadata) };
  }

  const names = (state: State) => state.resources.map((r) => r.name).sort();
  const stepsOf = (r: RunnerRun) => r.result!.steps.map((s) => s.name);

  it("SIGINT mid-apply: Terraform stops gracefully, the lease is free, the state holds what was created, the result says cancelled", async () => {
    const env = spec("env-sigint");
    const { runner } = await start("sigint-apply", "apply", env);
    await runner.printed(/terraform_data\.second: Creating\.\.\./);
    process.kill(runner.pid, "SIGINT");
    const ran = await runner.done;
    expect(ran.exitCode, ran.stdout + ran.stderr).toBe(20);
    expect(ran.result).toMatchObject({ status: "cancelled", message: "apply of env-sigint cancelled during apply", failure: { kind: "cancelled", step: "apply", exitCode: 20 }, lock: null });
    expect(stepsOf(ran)).toEqual(["version", "init", "plan", "show", "snapshot", "apply"]);
    expect(ran.result!.failure!.explanation).toContain("cancelled by SIGINT");
    expect(ran.result!.failure!.explanation).toContain("The state lock is released.");
    expect(ran.stdout).toContain("received SIGINT: asking Terraform to stop gracefully");
    expect(ran.stdout).toContain("Gracefully shutting down...");
    expect(ran.stdout).not.toContain("Two interrupts received");
    expect((await leaseOf(env)).state).toBe("available");
    const state = await stateOf(env);
    expect(names(state)).toContain("first");
    expect(names(state)).not.toContain("third");
  });

  it("SIGTERM mid-destroy: Terraform stops, no archive step runs, the state keeps what was not destroyed", async () => {
    const env = spec("env-sigterm");
    const applied = await run("sigterm-apply", ["run", "apply"], { ...env, terraform: { ...env.terraform, variables: { ...env.terraform.variables, step_seconds: "0" } } });
    expect(applied.exitCode, applied.stdout + applied.stderr).toBe(0);
    expect(names(await stateOf(env))).toEqual(["first", "second", "third"]);
    const { runner } = await start("sigterm-destroy", "destroy", { ...env, action: "destroy" });
    await runner.printed(/terraform_data\.second: Destroying/);
    process.kill(runner.pid, "SIGTERM");
    const ran = await runner.done;
    expect(ran.exitCode, ran.stdout + ran.stderr).toBe(20);
    expect(ran.result).toMatchObject({ status: "cancelled", action: "destroy", failure: { kind: "cancelled", step: "apply" }, archive: null });
    expect(stepsOf(ran)).toEqual(["version", "init", "plan", "show", "snapshot", "apply"]);
    expect(ran.result!.failure!.explanation).toContain("cancelled by SIGTERM");
    expect((await leaseOf(env)).state).toBe("available");
    // The blob was not archived and removed: the first step still exists, and the state says so.
    expect(names(await stateOf(env))).toContain("first");
    expect(names(await stateOf(env))).not.toContain("third");
  });

  it("SIGINT then SIGTERM 1 s later: the repeat is ignored while Terraform is still stopping, and Terraform gets one interrupt", async () => {
    const env = spec("env-sigboth");
    const { runner } = await start("sigboth-apply", "apply", env);
    await runner.printed(/terraform_data\.second: Creating\.\.\./);
    // Terraform stops within milliseconds here, faster than GitHub's 7.5 s; holding it stopped
    // (SIGSTOP) keeps it "still stopping" while the SIGTERM arrives, as a slow provider would.
    const terraform = await terraformChildOf(runner.pid);
    process.kill(terraform, "SIGSTOP");
    process.kill(runner.pid, "SIGINT");
    await sleep(1_000);
    process.kill(runner.pid, "SIGTERM");
    await sleep(300);
    // Still alive: node neither died of the SIGTERM nor gave up on Terraform.
    expect(() => process.kill(runner.pid, 0)).not.toThrow();
    process.kill(terraform, "SIGCONT");
    const ran = await runner.done;
    expect(ran.exitCode, ran.stdout + ran.stderr).toBe(20);
    expect(ran.stdout).toContain("received SIGTERM again: ignored");
    expect(ran.stdout).not.toContain("Two interrupts received");
    expect(ran.result).toMatchObject({ status: "cancelled", failure: { kind: "cancelled", step: "apply" } });
    expect((await leaseOf(env)).state).toBe("available");
    expect(names(await stateOf(env))).toContain("first");
  });

  it("SIGINT mid-plan: the plan stops, nothing is applied, the lease is free", async () => {
    const env = spec("env-sigplan", { wide: "3000" });
    const { runner } = await start("sigint-plan", "apply", env);
    await runner.printed(/\$ terraform plan /);
    await sleep(1_000);
    process.kill(runner.pid, "SIGINT");
    const ran = await runner.done;
    expect(ran.exitCode, ran.stdout + ran.stderr).toBe(20);
    expect(ran.result).toMatchObject({ status: "cancelled", failure: { kind: "cancelled", step: "plan" } });
    expect(stepsOf(ran)).toEqual(["version", "init", "plan"]);
    expect((await leaseOf(env)).state).toBe("available");
    expect(names(await stateOf(env))).toEqual([]);
  });

  it("SIGKILL of Terraform mid-apply is a named crash: the step, the signal, the lock still held and how to free it", async () => {
    const env = spec("env-crash");
    const { runner } = await start("crash-apply", "apply", env);
    await runner.printed(/terraform_data\.second: Creating\.\.\./);
    process.kill(await terraformChildOf(runner.pid), "SIGKILL");
    const ran = await runner.done;
    expect(ran.exitCode, ran.stdout + ran.stderr).toBe(21);
    expect(ran.result).toMatchObject({ status: "failed", failure: { kind: "terraform-crashed", step: "apply", exitCode: 21 } });
    expect(ran.result!.steps.at(-1)).toMatchObject({ name: "apply", exitCode: 137 });
    const lease = await leaseOf(env);
    expect(lease.state).toBe("leased");
    expect(ran.result!.lock).toMatchObject({ id: lease.lock!.id, operation: "OperationTypeApply" });
    const explanation = ran.result!.failure!.explanation;
    expect(explanation).toContain("Terraform was killed by SIGKILL during `terraform apply`");
    expect(explanation).toContain(`\`/envbranch unlock ${lease.lock!.id}\``);
    expect(explanation).not.toContain("envbranch bug");
    // Freed with the lock ID shown, as `/envbranch unlock <id>` asks: the lease is released with it.
    const freed = await run("crash-unlock", ["run", "unlock"], { ...env, unlockLockId: lease.lock!.id });
    expect(freed.exitCode, freed.stdout + freed.stderr).toBe(0);
    expect(freed.result).toMatchObject({ status: "succeeded", lock: { id: lease.lock!.id }, message: expect.stringContaining("released the lock held by") });
    expect((await leaseOf(env)).state).toBe("available");
  });

  it("refuses to unlock a live apply when the lock ID given is not the one holding it; the apply finishes and its state is whole", async () => {
    const env = spec("env-live");
    const { runner } = await start("live-apply", "apply", env);
    await runner.printed(/terraform_data\.second: Creating\.\.\./);
    const lease = await leaseOf(env);
    expect(lease).toMatchObject({ state: "leased", lock: { operation: "OperationTypeApply" } });
    const wrong = "00000000-0000-4000-8000-000000000000";
    const refused = await run("live-unlock", ["run", "unlock"], { ...env, action: "unlock", unlockLockId: wrong });
    expect(refused.exitCode, refused.stdout + refused.stderr).toBe(4);
    expect(refused.result).toMatchObject({ status: "refused", failure: { kind: "refused", step: "unlock" }, lock: { id: lease.lock!.id, who: lease.lock!.who } });
    expect(refused.result!.failure!.explanation).toContain(`not by lock ${wrong}, so the lease was left alone`);
    expect((await leaseOf(env)).state).toBe("leased");
    const applied = await runner.done;
    expect(applied.exitCode, applied.stdout + applied.stderr).toBe(0);
    expect(names(await stateOf(env))).toEqual(["first", "second", "third"]);
    expect((await leaseOf(env)).state).toBe("available");
  });

  it("SIGKILL of the runner mid-apply leaves the lease held; the next run says who holds it", async () => {
    const env = spec("env-killed");
    const { runner } = await start("killed-apply", "apply", env);
    await runner.printed(/terraform_data\.second: Creating\.\.\./);
    const terraform = await terraformChildOf(runner.pid);
    process.kill(runner.pid, "SIGKILL");
    // GitHub then ends the orphan (its job clean-up), or Terraform dies of SIGPIPE on its next line.
    process.kill(terraform, "SIGKILL");
    const ran = await runner.done;
    expect(ran.result).toBeNull();
    const lease = await leaseOf(env);
    expect(lease.state).toBe("leased");
    // A plan reads without the lease; an apply needs it and says who holds it.
    const next = await run("killed-next", ["run", "apply", "--lock-timeout", "1s"], env);
    expect(next.exitCode, next.stdout + next.stderr).toBe(12);
    expect(next.result).toMatchObject({ failure: { kind: "state-locked" }, lock: { id: lease.lock!.id, who: lease.lock!.who } });
    expect(next.result!.failure!.explanation).toContain("`/envbranch unlock`");
    const freed = await run("killed-unlock", ["run", "unlock"], env);
    expect(freed.exitCode, freed.stdout + freed.stderr).toBe(0);
    expect((await leaseOf(env)).state).not.toBe("leased");
    expect(JSON.parse(await readFile(join(bench.checkout, "out", "killed-unlock", "result.json"), "utf8"))).toMatchObject({ lock: { id: lease.lock!.id } });
  });

  it("keeps the errored state of an apply that could not save, and `state recover` pushes it back; another lineage or an older serial is refused", async () => {
    const env = spec("env-errored", { step_seconds: "0" });
    const first = await run("errored-first", ["run", "apply"], env);
    expect(first.exitCode, first.stdout + first.stderr).toBe(0);
    const before = await stateOf(env);
    // The storage account goes away while the last step is being created: Terraform cannot save.
    const { runner, out } = await start("errored-apply", "apply", spec("env-errored", { step_seconds: "3", revision: "2" }));
    await runner.printed(/terraform_data\.third: Creating\.\.\./);
    await bench.tf.azurite.halt();
    const ran = await runner.done;
    await bench.tf.azurite.restart();
    expect(ran.exitCode, ran.stdout + ran.stderr).toBe(14);
    // The account Terraform could not reach refused the errored state too: the job's copy is all there is, and the result says so.
    expect(ran.result).toMatchObject({ failure: { kind: "apply-failed", step: "apply" }, erroredState: { key: null, problem: expect.any(String) } });
    expect(ran.result!.failure!.explanation).toContain("`errored.tfstate` in the job's workspace only");
    expect(ran.result!.failure!.explanation).toContain("`envbranch state recover errored.tfstate --branch env-errored`");
    expect(await readdir(out)).not.toContain("errored.tfstate");
    const erroredFile = join(bench.checkout, "terraform", "errored.tfstate");
    const errored = JSON.parse(await readFile(erroredFile, "utf8")) as State;
    expect(errored.lineage).toBe(before.lineage);
    expect(errored.serial).toBeGreaterThan(before.serial);
    expect(await stateOf(env)).toEqual(before);

    const recoverArgs = (file: string) => ["state", "recover", file, "--spec", join(bench.checkout, "errored-first.spec.json"), "--lock-timeout", "1s"];
    const recover = (file: string) => runRunnerCli(recoverArgs(file), { cwd: bench.checkout, env: bench.tf.runnerEnv });
    // The apply died holding the lease: terraform state push cannot take the lock until it is freed.
    const whileLocked = await recover(erroredFile);
    expect(whileLocked.exitCode, whileLocked.stdout + whileLocked.stderr).toBe(12);
    expect(whileLocked.stderr).toContain("`/envbranch unlock`");
    expect((await run("errored-unlock", ["run", "unlock"], env)).exitCode).toBe(0);

    const otherLineage = join(bench.checkout, "other-lineage.tfstate");
    await writeFile(otherLineage, JSON.stringify({ ...errored, lineage: "00000000-1111-2222-3333-444444444444" }));
    const refusedLineage = await recover(otherLineage);
    expect(refusedLineage.exitCode, refusedLineage.stdout + refusedLineage.stderr).toBe(4);
    expect(refusedLineage.stderr).toContain(`its lineage 00000000-1111-2222-3333-444444444444 is not the current state's ${before.lineage}`);
    const older = join(bench.checkout, "older.tfstate");
    await writeFile(older, JSON.stringify({ ...errored, serial: before.serial - 1 }));
    const refusedOlder = await recover(older);
    expect(refusedOlder.exitCode, refusedOlder.stdout + refusedOlder.stderr).toBe(4);
    expect(refusedOlder.stderr).toContain(`its serial ${before.serial - 1} is older than the current state's ${before.serial}`);
    expect(await stateOf(env)).toEqual(before);

    const recovered = await recover(erroredFile);
    expect(recovered.exitCode, recovered.stdout + recovered.stderr).toBe(0);
    expect(recovered.stdout).toContain(`pushed ${erroredFile} (serial ${errored.serial}) to ${env.terraform.backend.key} over serial ${before.serial}`);
    const after = await stateOf(env);
    expect(after.lineage).toBe(errored.lineage);
    // Terraform writes what it pushes as one more version of the state.
    expect(after.serial).toBeGreaterThanOrEqual(errored.serial);
    expect(after.resources).toEqual(errored.resources);
    expect((await leaseOf(env)).state).toBe("available");
  }, 180_000);
});
