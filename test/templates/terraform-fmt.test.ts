import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { skipWithoutTerraform, TERRAFORM_ENV } from "./support/terraform-cli.js";
import { TEMPLATES_DIR } from "./support/terraform-stack.js";

const scratch = mkdtempSync(join(tmpdir(), "envbranch-fmt-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function fmtCheck(dir: string) {
  return execa("terraform", ["fmt", "-check", "-recursive", dir], { reject: false, env: TERRAFORM_ENV });
}

describe.skipIf(skipWithoutTerraform("terraform fmt"))("terraform fmt", () => {
  it("finds every stack formatted", async () => {
    const result = await fmtCheck(TEMPLATES_DIR);
    expect(result.stdout, "unformatted files").toBe("");
    expect(result.exitCode).toBe(0);
  });

  it("fails with exit 3 on an unformatted copy", async () => {
    const original = readFileSync(join(TEMPLATES_DIR, "app-service", "main.tf"), "utf8");
    const unformatted = original.replace(/^( +\w+) += /m, "$1 =   ");
    expect(unformatted).not.toBe(original);
    writeFileSync(join(scratch, "main.tf"), unformatted);
    const result = await fmtCheck(scratch);
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toContain("main.tf");
  });
});
