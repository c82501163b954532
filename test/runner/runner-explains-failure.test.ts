import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runRunnerCli } from "../support/terraform-azurite/run-runner-cli.js";
import { startTerraformAzurite, type TerraformAzurite } from "../support/terraform-azurite/start-terraform-azurite.js";
import { findOnPath, shimUnavailableReason } from "../support/terraform-azurite/terraform-shim.js";
import { makeTestCheckout, testSpec } from "../support/terraform-azurite/test-checkout.js";
import { buildRunnerOnce } from "./support/build-runner-once.js";

/**
 * The built runner, real Terraform and the azurerm backend against Azurite: a run whose `terraform
 * init` fails on a container that does not exist runs doctor's state check as its first step after
 * the failure, and its result says what is wrong and the command that fixes it.
 */
const skipReason = shimUnavailableReason();
if (skipReason) {
  console.warn(`runner failure explanation tests skipped: ${skipReason}`);
  if (process.env.CI === "true" && findOnPath("terraform") !== null) {
    describe("runner failure explanation in CI", () => {
      it("runs wherever terraform is installed", () => {
        throw new Error(`CI=true and terraform is on PATH, but the runner cannot run here: ${skipReason}`);
      });
    });
  }
}

describe.skipIf(skipReason !== null)("a failed run explains itself with envbranch doctor", () => {
  let tf: TerraformAzurite;
  let checkout: string;

  beforeAll(async () => {
    await buildRunnerOnce();
    tf = await startTerraformAzurite();
    checkout = await makeTestCheckout();
  }, 180_000);

  afterAll(async () => {
    await tf?.stop();
    if (checkout) await rm(checkout, { recursive: true, force: true });
  });

  it("init fails on a missing container: the explanation ends with doctor's finding and the az command", async () => {
    const spec = testSpec("env-alice", { storageAccount: tf.account, container: "nosuchcontainer", action: "plan" });
    const specFile = join(checkout, "missing.spec.json");
    await writeFile(specFile, JSON.stringify(spec));
    const run = await runRunnerCli(["run", "--spec", specFile], { cwd: checkout, env: tf.runnerEnv, out: join(checkout, "out") });
    expect(run.result?.failure).toMatchObject({ kind: "init-failed", step: "init" });
    const explanation = run.result!.failure!.explanation;
    expect(explanation).toContain("`terraform init` could not set up the backend");
    expect(explanation).toContain(
      `envbranch doctor found: ✗ state container ${tf.account}/nosuchcontainer: container nosuchcontainer does not exist in storage account ${tf.account}; Terraform does not create it. Fix: \`az storage container-rm create --storage-account ${tf.account} -g rg-envbranch-state --subscription 00000000-0000-0000-0000-000000000001 -n nosuchcontainer\``,
    );
    expect(run.stdout).toContain("envbranch: running envbranch doctor's state-storage checks to explain the failure");
  }, 120_000);
});
