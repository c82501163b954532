import { performance } from "node:perf_hooks";
import { execa } from "execa";
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { DEFAULT_BOT_LOGIN } from "../app/runner/refuse-action.js";
import { copyActionToEmptyFolder, runActionBundle } from "../test/action/support/run-action-bundle.js";
import { ensureRunnerBuilt, runRunnerCli } from "../test/support/terraform-azurite/run-runner-cli.js";
import { startTerraformAzurite, type TerraformAzurite } from "../test/support/terraform-azurite/start-terraform-azurite.js";
import { shimUnavailableReason } from "../test/support/terraform-azurite/terraform-shim.js";
import { makeTestCheckout, testSpec } from "../test/support/terraform-azurite/test-checkout.js";
import type { RunResult } from "../app/runner/result-schema.js";

/** Runs of each action and form measured; the median is reported. */
const RUNS = 5;

/** How the runner is started: the action's bundle as the workflow runs it, and the built CLI (the baseline). */
const FORMS = ["action", "cli"] as const;
type Form = (typeof FORMS)[number];
type Action = "plan" | "apply";

interface Sample {
  /** Spawning node to its exit. */
  wallMs: number;
  /** Inside terraform child processes, as the result records it. */
  terraformMs: number;
  /** The runner's own measure of its run, from after Node started to writing the result. */
  inProcessMs: number;
}

interface Bench {
  tf: TerraformAzurite;
  /** The runner's environment: the harness's, as GitHub's runners have it. */
  runnerEnv: Record<string, string>;
  checkout: string;
  /** The action's copy, as GitHub checks it out: action.yml and the committed bundle, no node_modules. */
  actionDir: string;
}

/**
 * The runner's own cost on plan and apply of the test stack, against Azurite like the end-to-end
 * test: total time of the runner's process minus the time inside terraform, median of RUNS runs each.
 * Measured for the committed action bundle started as GitHub starts a node24 action (`node
 * action/index.mjs` with the inputs as INPUT_* variables) and, as the baseline in the same run, for
 * the built CLI (`node dist/app/runner/cli.js run`). Each form has its own environment (branch) and
 * every apply has changes (a new revision each round), so apply always runs; a warm-up round is not counted.
 */
export async function benchRunnerOverhead(): Promise<void> {
  const skip = shimUnavailableReason();
  if (skip) {
    console.log(`runner overhead: skipped, ${skip}`);
    return;
  }
  await ensureRunnerBuilt();
  const tf = await startTerraformAzurite();
  // The harness sets NODE_EXTRA_CA_CERTS so that Node trusts Azurite's certificate (a plan stores its
  // saved plan over TLS from the runner's own process). On Node 20 that alone adds 70-170 ms to every
  // start (it builds the whole root store) and GitHub's runners do not set it: it is measured on its own
  // and taken off, so the figure is the one a workflow sees.
  const runnerEnv = tf.runnerEnv;
  const caCostMs = await extraCaCost(runnerEnv);
  const bench: Bench = { tf, runnerEnv, checkout: await makeTestCheckout(), actionDir: await copyActionToEmptyFolder() };
  try {
    for (const form of FORMS) await measure(bench, form, "apply", "0");
    const samples = new Map<string, Sample[]>();
    for (let round = 1; round <= RUNS; round++) {
      for (const form of FORMS) {
        for (const action of ["plan", "apply"] as const) {
          const key = `${form} ${action}`;
          samples.set(key, [...(samples.get(key) ?? []), await measure(bench, form, action, String(round))]);
        }
      }
    }
    report(samples, caCostMs);
  } finally {
    await bench.tf.stop();
    await rm(bench.checkout, { recursive: true, force: true });
    await rm(bench.actionDir, { recursive: true, force: true });
  }
}

async function measure(bench: Bench, form: Form, action: Action, revision: string): Promise<Sample> {
  const { tf, checkout, runnerEnv } = bench;
  const spec = testSpec(`env-bench-${form}`, { storageAccount: tf.account, container: tf.containerName, revision, action });
  const out = join(checkout, `out-${form}`);
  let run: { exitCode: number; wallMs: number; stdout: string; stderr: string; result: RunResult | null };
  if (form === "action") {
    run = await runActionBundle({
      actionDir: bench.actionDir,
      workspace: checkout,
      inputs: { spec: JSON.stringify(spec), "github-token": "ghs_bench", "out-dir": out },
      env: { ...runnerEnv, GITHUB_TRIGGERING_ACTOR: DEFAULT_BOT_LOGIN },
      outputFile: join(checkout, "github-output"),
    });
  } else {
    const specFile = join(checkout, "bench.spec.json");
    await writeFile(specFile, JSON.stringify(spec));
    run = await runRunnerCli(["run", "--spec", specFile], { cwd: checkout, env: runnerEnv, out });
  }
  if (run.exitCode !== 0 || !run.result) throw new Error(`${form} ${action} failed (exit ${run.exitCode}):\n${run.stdout}\n${run.stderr}`);
  if (action === "apply" && !run.result.steps.some((s) => s.name === "apply")) throw new Error("the benchmark's apply had nothing to apply");
  return { wallMs: run.wallMs, terraformMs: run.result.durations.terraformMs, inProcessMs: run.result.durations.totalMs };
}

/** What NODE_EXTRA_CA_CERTS adds to a bare Node start: median of `node -e 0` with it less without it. */
async function extraCaCost(env: Record<string, string>): Promise<number> {
  const start = async (withCa: boolean) => {
    const { NODE_EXTRA_CA_CERTS: ca, ...rest } = env;
    const started = performance.now();
    await execa(process.execPath, ["-e", "0"], { env: withCa && ca ? { ...rest, NODE_EXTRA_CA_CERTS: ca } : rest, extendEnv: false });
    return performance.now() - started;
  };
  const withCa: number[] = [];
  const without: number[] = [];
  for (let i = 0; i < 9; i++) {
    withCa.push(await start(true));
    without.push(await start(false));
  }
  return Math.max(0, median(withCa) - median(without));
}

function report(samples: Map<string, Sample[]>, caCostMs: number): void {
  console.log(`runner overhead on the terraform_data test stack (Azurite over TLS), median of ${RUNS} runs`);
  console.log(`NODE_EXTRA_CA_CERTS (the harness's, not GitHub's) costs ${caCostMs.toFixed(0)} ms a start here; "overhead ms" has it taken off`);
  console.log("form    action  total ms  terraform ms  overhead ms  overhead/terraform  of which in-process ms");
  for (const [key, list] of samples) {
    const [form = "", action = ""] = key.split(" ");
    const total = median(list.map((s) => s.wallMs));
    const terraform = median(list.map((s) => s.terraformMs));
    const overhead = median(list.map((s) => s.wallMs - s.terraformMs - caCostMs));
    const ratio = median(list.map((s) => (s.wallMs - s.terraformMs - caCostMs) / s.terraformMs));
    const inProcess = median(list.map((s) => s.inProcessMs - s.terraformMs));
    console.log(
      `${form.padEnd(6)}  ${action.padEnd(6)}  ${fmt(total, 8)}  ${fmt(terraform, 12)}  ${fmt(overhead, 11)}  ${`${(ratio * 100).toFixed(0)}%`.padStart(18)}  ${fmt(inProcess, 22)}`,
    );
  }
  console.log("action: node action/index.mjs with INPUT_* (what the workflow runs); cli: node dist/app/runner/cli.js run (the baseline).");
  console.log("overhead = total - terraform; in-process leaves out Node's start-up and module loading. Target: overhead <= 150 ms.");

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
