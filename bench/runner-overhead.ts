import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ensureRunnerBuilt, runRunnerCli } from "../test/support/terraform-azurite/run-runner-cli.js";
import { startTerraformAzurite, type TerraformAzurite } from "../test/support/terraform-azurite/start-terraform-azurite.js";
import { shimUnavailableReason } from "../test/support/terraform-azurite/terraform-shim.js";
import { makeTestCheckout, testSpec } from "../test/support/terraform-azurite/test-checkout.js";

/** Runs of each action measured; the median is reported. */
const RUNS = 5;

interface Sample {
  /** Spawning `node dist/app/runner/cli.js` to its exit. */
  wallMs: number;
  /** Inside terraform child processes, as the result records it. */
  terraformMs: number;
  /** The runner's own measure of its run, from after Node started to writing the result. */
  inProcessMs: number;
}

/**
 * The runner's own cost on plan and apply of the test stack, against Azurite like the end-to-end
 * test: total time of the CLI process minus the time inside terraform, as a ratio of terraform's
 * time, median of RUNS runs each. Every apply has changes (a new revision each round), so apply
 * always runs; a warm-up round is not counted.
 */
export async function benchRunnerOverhead(): Promise<void> {
  const skip = shimUnavailableReason();
  if (skip) {
    console.log(`runner overhead: skipped, ${skip}`);
    return;
  }
  await ensureRunnerBuilt();
  const tf = await startTerraformAzurite();
  const checkout = await makeTestCheckout();
  try {
    await measure(tf, checkout, "apply", "0");
    const samples: Record<"plan" | "apply", Sample[]> = { plan: [], apply: [] };
    for (let round = 1; round <= RUNS; round++) {
      samples.plan.push(await measure(tf, checkout, "plan", String(round)));
      samples.apply.push(await measure(tf, checkout, "apply", String(round)));
    }
    report(samples);
  } finally {
    await tf.stop();
    await rm(checkout, { recursive: true, force: true });
  }
}

async function measure(tf: TerraformAzurite, checkout: string, action: "plan" | "apply", revision: string): Promise<Sample> {
  const spec = testSpec("env-bench", { storageAccount: tf.account, container: tf.containerName, revision, action });
  const specFile = join(checkout, "bench.spec.json");
  await writeFile(specFile, JSON.stringify(spec));
  const run = await runRunnerCli(["run", "--spec", specFile], { cwd: checkout, env: tf.runnerEnv, out: join(checkout, "out") });
  if (run.exitCode !== 0 || !run.result) throw new Error(`${action} failed (exit ${run.exitCode}):\n${run.stdout}\n${run.stderr}`);
  if (action === "apply" && !run.result.steps.some((s) => s.name === "apply")) throw new Error("the benchmark's apply had nothing to apply");
  return { wallMs: run.wallMs, terraformMs: run.result.durations.terraformMs, inProcessMs: run.result.durations.totalMs };
}

function report(samples: Record<"plan" | "apply", Sample[]>): void {
  console.log(`runner overhead on the terraform_data test stack (Azurite over TLS), median of ${RUNS} runs`);
  console.log("action  total ms  terraform ms  overhead ms  overhead/terraform  of which in-process ms");
  for (const [action, list] of Object.entries(samples)) {
    const total = median(list.map((s) => s.wallMs));
    const terraform = median(list.map((s) => s.terraformMs));
    const overhead = median(list.map((s) => s.wallMs - s.terraformMs));
    const ratio = median(list.map((s) => (s.wallMs - s.terraformMs) / s.terraformMs));
    const inProcess = median(list.map((s) => s.inProcessMs - s.terraformMs));
    console.log(
      `${action.padEnd(6)}  ${fmt(total, 8)}  ${fmt(terraform, 12)}  ${fmt(overhead, 11)}  ${`${(ratio * 100).toFixed(0)}%`.padStart(18)}  ${fmt(inProcess, 22)}`,
    );
  }
  console.log("overhead = total - terraform; in-process leaves out Node's start-up and module loading.");
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function fmt(ms: number, width: number): string {
  return ms.toFixed(0).padStart(width);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchRunnerOverhead();
}
