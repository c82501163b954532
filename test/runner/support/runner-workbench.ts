import { rm } from "node:fs/promises";
import { afterAll, beforeAll } from "vitest";
import { startTerraformAzurite, type TerraformAzurite } from "../../support/terraform-azurite/start-terraform-azurite.js";
import { makeTestCheckout } from "../../support/terraform-azurite/test-checkout.js";
import { buildRunnerOnce } from "./build-runner-once.js";

/** What the runner's end-to-end suites run against: real Terraform with Azurite as its state store, and a checkout of a stack. */
export interface RunnerWorkbench {
  tf: TerraformAzurite;
  checkout: string;
}

/**
 * Sets up, for the calling `describe` block, the built runner, Terraform's Azurite and a checkout of
 * `stack`, and takes them down after it; the fields are there once its `beforeAll` has run.
 */
export function useRunnerWorkbench(stack?: string): RunnerWorkbench {
  const bench = {} as RunnerWorkbench;
  beforeAll(async () => {
    await buildRunnerOnce();
    bench.tf = await startTerraformAzurite();
    bench.checkout = await makeTestCheckout(stack);
  }, 180_000);
  afterAll(async () => {
    await bench.tf?.stop();
    if (bench.checkout) await rm(bench.checkout, { recursive: true, force: true });
  });
  return bench;
}
