import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { skipWithoutTerraform, TERRAFORM_ENV } from "./support/terraform-cli.js";
import { MODULES_DIR } from "./support/terraform-stack.js";

const scratch = mkdtempSync(join(tmpdir(), "envbranch-password-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A root configuration that calls the real password module, applied with local state. */
function rootCalling(name: string): string {
  const dir = join(scratch, name);
  cpSync(join(MODULES_DIR, "password"), join(dir, "password"), { recursive: true });
  writeFileSync(
    join(dir, "main.tf"),
    'module "password" {\n  source = "./password"\n}\n\noutput "password" {\n  value = nonsensitive(module.password.value)\n}\n',
  );
  return dir;
}

async function applyAndRead(dir: string): Promise<string> {
  await execa("terraform", ["apply", "-auto-approve", "-input=false", "-no-color"], { cwd: dir, env: TERRAFORM_ENV });
  const { stdout } = await execa("terraform", ["output", "-raw", "password"], { cwd: dir, env: TERRAFORM_ENV });
  return stdout;
}

// The database modules take their administrator password from this module (no random provider).
describe.skipIf(skipWithoutTerraform("the password module"))("the password module", () => {
  it("generates a password Azure's database servers accept, and keeps it on the next apply", async () => {
    const dir = rootCalling("first");
    await execa("terraform", ["init", "-input=false", "-no-color"], { cwd: dir, env: TERRAFORM_ENV });
    const password = await applyAndRead(dir);
    // PostgreSQL, MySQL flexible server and Azure SQL: 8-128 characters, three of the four classes.
    expect(password).toMatch(/^Eb[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const classes = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((pattern) => pattern.test(password));
    expect(classes.length).toBeGreaterThanOrEqual(3);
    expect(await applyAndRead(dir)).toBe(password);

    const other = rootCalling("second");
    await execa("terraform", ["init", "-input=false", "-no-color"], { cwd: other, env: TERRAFORM_ENV });
    expect(await applyAndRead(other)).not.toBe(password);
  }, 60_000);
});
