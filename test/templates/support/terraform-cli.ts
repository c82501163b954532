import { execa } from "execa";
import { it } from "vitest";

/** Environment for every terraform process: no update checks, no CLI config lookups. */
export const TERRAFORM_ENV = { CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: "/dev/null", TF_IN_AUTOMATION: "1" };

async function locateTerraform(): Promise<{ ok: true; version: string } | { ok: false; reason: string }> {
  try {
    const { stdout } = await execa("terraform", ["version", "-json"], { env: TERRAFORM_ENV });
    return { ok: true, version: (JSON.parse(stdout) as { terraform_version: string }).terraform_version };
  } catch (error) {
    return { ok: false, reason: `terraform is not on PATH (${error instanceof Error ? error.message.split("\n")[0] : String(error)})` };
  }
}

const terraform = await locateTerraform();

/**
 * Whether the suite must be skipped for want of Terraform. It says why when it skips, and under
 * CI=true it never skips: it registers a failing test instead.
 */
export function skipWithoutTerraform(suite: string): boolean {
  if (terraform.ok) return false;
  if (process.env.CI === "true") {
    it(`${suite}: terraform is required when CI=true`, () => {
      throw new Error(terraform.reason);
    });
  } else {
    console.warn(`Skipping ${suite}: ${terraform.reason}.`);
  }
  return true;
}
