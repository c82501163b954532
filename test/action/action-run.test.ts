import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SPEC_VERSION } from "../../app/spec/spec-schema.js";
import { PACKAGE_VERSION } from "../../app/package-version.js";
import { holdStateLock } from "../support/terraform-azurite/hold-state-lock.js";
import { startTerraformAzurite, type TerraformAzurite } from "../support/terraform-azurite/start-terraform-azurite.js";
import { findOnPath, shimUnavailableReason } from "../support/terraform-azurite/terraform-shim.js";
import { makeTestCheckout, testSpec } from "../support/terraform-azurite/test-checkout.js";
import { copyActionToEmptyFolder, runActionBundle, type ActionRun } from "./support/run-action-bundle.js";

// The committed bundle, run the way GitHub runs a node24 action's step: `node action/index.mjs` from a
// folder holding only action.yml and the bundle, in the workspace, with the inputs as INPUT_* variables.

const TOKEN = "ghs_tokenOfThisJob0123456789";
const BOT = "envbranch[bot]";

let actionDir: string;
let scratch: string;
beforeAll(async () => {
  actionDir = await copyActionToEmptyFolder();
  scratch = await mkdtemp(join(tmpdir(), "envbranch-action-run-"));
});
afterAll(async () => {
  for (const dir of [actionDir, scratch]) if (dir) await rm(dir, { recursive: true, force: true });
});

let runs = 0;
/** One step of the workflow's job: a fresh $GITHUB_OUTPUT, the job's token, the spec as the `spec` input. */
function step(workspace: string, spec: string, env: Record<string, string>, inputs: Record<string, string> = {}): Promise<ActionRun> {
  return runActionBundle({
    actionDir,
    workspace,
    inputs: { spec, "github-token": TOKEN, ...inputs },
    env: { PATH: process.env.PATH ?? "", GITHUB_TRIGGERING_ACTOR: BOT, ...env },
    outputFile: join(scratch, `github-output-${++runs}`),
  });
}

const offlineSpec = (action: "plan" | "apply") => testSpec("env-alice", { storageAccount: "acct", container: "tfstate", action });

describe("the action's bundle, without Azure", () => {
  it("records a spec it cannot read (exit 3) in result.json and the step's outputs", async () => {
    const run = await step(scratch, JSON.stringify({ ...offlineSpec("plan"), colour: "blue" }), {});
    expect(run.exitCode, run.stdout + run.stderr).toBe(3);
    expect(run.result).toMatchObject({ status: "failed", action: null, failure: { kind: "invalid-spec", exitCode: 3 } });
    expect(run.result!.failure!.explanation).toContain("colour");
    expect(run.outputs).toEqual(expect.arrayContaining([["status", "failed"], ["failure-kind", "invalid-spec"], ["exit-code", "3"]]));
  });

  it("says which pin to update when the app renders a spec version this runner does not read (exit 5)", async () => {
    const run = await step(scratch, JSON.stringify({ ...offlineSpec("plan"), version: SPEC_VERSION + 1, appVersion: "0.9.0" }), {});
    expect(run.exitCode, run.stdout + run.stderr).toBe(5);
    expect(run.result!.failure).toMatchObject({ kind: "runner-mismatch", exitCode: 5 });
    expect(run.result!.failure!.explanation).toContain(`this runner is envbranch ${PACKAGE_VERSION} and reads spec version ${SPEC_VERSION}; the app is envbranch 0.9.0 and rendered spec version ${SPEC_VERSION + 1}`);
    expect(run.result!.failure!.explanation).toContain("uses: envbranch/envbranch@<sha>");
    expect(run.outputs).toContainEqual(["failure-kind", "runner-mismatch"]);
  });

  it("refuses an apply that the app's bot did not start (exit 4), before any Terraform", async () => {
    const run = await step(scratch, JSON.stringify(offlineSpec("apply")), { GITHUB_TRIGGERING_ACTOR: "mallory", PATH: "/nonexistent" });
    expect(run.exitCode, run.stdout + run.stderr).toBe(4);
    expect(run.result).toMatchObject({ status: "refused", action: "apply", steps: [], failure: { kind: "refused" } });
    expect(run.stdout).toContain("this run was started by `mallory`");
    expect(run.outputs).toContainEqual(["status", "refused"]);
  });

  it("reads its inputs under GitHub's names: out-dir and working-directory move the result and the stack", async () => {
    const run = await step(scratch, JSON.stringify(offlineSpec("plan")), { PATH: "/nonexistent" }, { "out-dir": "custom-out", "working-directory": "no-such-checkout" });
    // The stack is looked for in the working directory given, before Terraform is first needed.
    expect(run.exitCode, run.stdout + run.stderr).toBe(3);
    expect(run.result!.failure!.explanation).toContain("does not exist in this checkout");
    expect(run.outputs).toContainEqual(["result-file", join(scratch, "custom-out", "result.json")]);
  });
});

const skipReason = shimUnavailableReason();
if (skipReason) console.warn(`the action's bundle against Azurite: skipped, ${skipReason}`);

describe.skipIf(skipReason !== null)("the action's bundle: real terraform, azurerm backend, Azurite over TLS", () => {
  let tf: TerraformAzurite;
  let checkout: string;
  let tfEnv: Record<string, string>;
  /** One JSON line per terraform started: its environment, entry by entry. */
  let environments: string;

  beforeAll(async () => {
    tf = await startTerraformAzurite();
    checkout = await makeTestCheckout();
    // Every terraform the runner starts is this recorder first: it appends the environment it was
    // started with (/proc/self/environ, exactly what the runner passed) to a file, then runs the
    // real one. Not a `local-exec` of `env` under sh: sh drops names with a hyphen, such as
    // INPUT_GITHUB-TOKEN, and the harness's own terraform shim is a sh script.
    const recorderDir = join(scratch, "terraform-recorder");
    environments = join(scratch, "terraform-environments.jsonl");
    await mkdir(recorderDir);
    const recorder = join(recorderDir, "terraform");
    const real = findOnPath("terraform", tf.runnerEnv.PATH);
    await writeFile(
      recorder,
      [
        "#!/usr/bin/env node",
        'const { appendFileSync, readFileSync } = require("node:fs");',
        `appendFileSync(${JSON.stringify(environments)}, JSON.stringify(readFileSync("/proc/self/environ", "utf8").split("\\0").filter(Boolean)) + "\\n");`,
        `const run = require("node:child_process").spawnSync(${JSON.stringify(real)}, process.argv.slice(2), { stdio: "inherit" });`,
        "process.exit(run.status ?? 1);",
        "",
      ].join("\n"),
    );
    await chmod(recorder, 0o755);
    tfEnv = { ...tf.runnerEnv, PATH: `${recorderDir}:${tf.runnerEnv.PATH}` };
  }, 180_000);
  afterAll(async () => {
    await tf?.stop();
    if (checkout) await rm(checkout, { recursive: true, force: true });
  });

  const spec = (action: "plan" | "apply") => JSON.stringify(testSpec("env-action", { storageAccount: tf.account, container: tf.containerName, action }));

  it("plans: result.json and the step's outputs say what the plan changes", async () => {
    const run = await step(checkout, spec("plan"), { ...tfEnv, GITHUB_TRIGGERING_ACTOR: "octocat" });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.result).toMatchObject({ status: "succeeded", action: "plan", changes: { hasChanges: true, counts: { create: 3 } } });
    expect(run.result!.steps.map((s) => `${s.name}:${s.exitCode}`)).toEqual(["version:0", "init:0", "plan:2", "show:0", "save-plan:0"]);
    expect(run.outputs).toEqual(expect.arrayContaining([["status", "succeeded"], ["action", "plan"], ["has-changes", "true"], ["result-file", join(checkout, ".envbranch", "result.json")]]));
  });

  it("applies, hands the stack's outputs to the workflow, and the job's token never reaches Terraform", async () => {
    const run = await step(checkout, spec("apply"), { ...tfEnv, ENVBRANCH_TEST_MARKER: "reaches-terraform" });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.result).toMatchObject({ status: "succeeded", action: "apply", outputs: { resource_group: "rg-demo-action", admin_token: "(sensitive)" } });
    expect(run.outputs).toEqual(expect.arrayContaining([["status", "succeeded"], ["url", "https://app-demo-action.example.test"], ["resource_group", "rg-demo-action"]]));
    const calls = (await readFile(environments, "utf8")).trimEnd().split("\n").map((line) => JSON.parse(line) as string[]);
    // version, init, plan, show, apply, output: each terraform was started with the step's environment, less the token.
    expect(calls.filter((call) => call.includes("ENVBRANCH_TEST_MARKER=reaches-terraform"))).toHaveLength(6);
    for (const call of calls) {
      expect(call).toContain("TF_IN_AUTOMATION=1");
      expect(call.filter((entry) => entry.includes(TOKEN) || entry.startsWith("INPUT_") || entry.startsWith("ENVBRANCH_GIT_TOKEN="))).toEqual([]);
    }
    for (const text of [run.stdout, run.stderr, await readFile(join(checkout, ".envbranch", "result.json"), "utf8")]) expect(text).not.toContain(TOKEN);
  });

  it("unlocks through the Azure SDK, which the bundle compiles only when it is first needed", async () => {
    const unlockSpec = testSpec("env-action", { storageAccount: tf.account, container: tf.containerName, action: "unlock" });
    const holder = await holdStateLock(unlockSpec, tf.runnerEnv, tf.container);
    try {
      const run = await step(checkout, JSON.stringify(unlockSpec), tfEnv);
      expect(run.exitCode, run.stdout + run.stderr).toBe(0);
      expect(run.result).toMatchObject({ status: "succeeded", action: "unlock", steps: [{ name: "unlock", kind: "storage", exitCode: 0 }], lock: { who: expect.any(String) } });
      expect(run.stdout).toContain("broke the lease; the state is unlocked");
      expect((await tf.container.getBlobClient(unlockSpec.terraform.backend.key).getProperties()).leaseState).not.toBe("leased");
    } finally {
      await holder.release();
    }
  });
});
