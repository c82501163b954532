import { cp, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseConfig } from "../../../app/config/parse-config.js";
import { deriveEnvironment } from "../../../app/environment/derive-environment.js";
import { renderSpec } from "../../../app/spec/render-spec.js";
import type { Action, Spec } from "../../../app/spec/spec-schema.js";

/** The stack of built-in `terraform_data` resources the runner's end-to-end tests and benchmark use. */
export const FIXTURE_STACK = fileURLToPath(new URL("../../fixtures/stacks/terraform-data", import.meta.url));
/** A stack whose apply, destroy (and, made `wide`, plan) take seconds: for interrupting runs part way. */
export const SLOW_STACK = fileURLToPath(new URL("../../fixtures/stacks/slow-steps", import.meta.url));

export const TEST_REPOSITORY = { owner: "octo-org", name: "demo-app" } as const;
export const TEST_SHA = "0123456789abcdef0123456789abcdef01234567";
/** Where the stack sits in the test checkout, as `terraform.directory` says. */
export const STACK_DIRECTORY = "terraform";

/** A fresh directory laid out like a repo using envbranch: the fixture stack (or `stack`) under `terraform/`. */
export async function makeTestCheckout(stack = FIXTURE_STACK): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "envbranch-checkout-"));
  await cp(stack, join(dir, STACK_DIRECTORY), { recursive: true });
  return dir;
}

export interface TestSpecOptions {
  action?: Action;
  /** The storage account holding state (the Azurite account). */
  storageAccount: string;
  container: string;
  /** The fixture's `revision` variable; a new value moves the state on. */
  revision?: string;
  /** Other Terraform variables of the stack. */
  variables?: Record<string, string>;
}

/**
 * The spec the app would render for a push to `branch`, through the app's own config parsing,
 * derivation and rendering. State access is by key (no Entra ID), as Azurite needs.
 */
export function testSpec(branch: string, options: TestSpecOptions): Spec {
  const parsed = parseConfig(
    {
      project: "demo",
      azure: {
        subscriptionId: "00000000-0000-0000-0000-000000000001",
        tenantId: "00000000-0000-0000-0000-000000000002",
        clientId: "00000000-0000-0000-0000-000000000003",
        location: "westeurope",
        state: { resourceGroup: "rg-envbranch-state", storageAccount: options.storageAccount, container: options.container, useAzureAdAuth: false },
      },
      terraform: { directory: STACK_DIRECTORY, variables: { ...options.variables, ...(options.revision ? { revision: options.revision } : {}) } },
    },
    TEST_REPOSITORY.name,
  );
  if (!parsed.ok) throw new Error(`test config is invalid: ${JSON.stringify(parsed.problems)}`);
  const derived = deriveEnvironment(branch, parsed.config, TEST_REPOSITORY);
  if (!derived.ok) throw new Error(`test branch ${branch} is invalid: ${derived.reason}`);
  return renderSpec({
    action: options.action ?? "apply",
    sha: TEST_SHA,
    environment: derived.environment,
    config: parsed.config,
    repository: TEST_REPOSITORY,
    nonce: "test",
  });
}
