import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseConfigText } from "../../app/config/parse-config.js";
import { readSetupTemplates } from "../../app/generator/read-templates.js";
import { runCli } from "../../app/runner/run-cli.js";
import { ensureRunnerBuilt, runRunnerCli } from "../support/terraform-azurite/run-runner-cli.js";

// `envbranch init` in-process on real folders, and once as the built command.

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "envbranch-init-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function cli(argv: string[], cwd = dir) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, { env: {}, cwd, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

async function put(files: Record<string, string>, root = dir) {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(root, path, ".."), { recursive: true });
    await writeFile(join(root, path), text);
  }
}

/** Every file below a folder, by relative path. */
async function filesBelow(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(root.length + 1)).sort();
}

const NODE_APP = { "package.json": JSON.stringify({ name: "shop", dependencies: { pg: "^8.16.0" } }) };
const templates = await readSetupTemplates();
const STACK_FILES = Object.keys(templates.stacks["app-service"]).map((path) => `terraform/${path}`);

describe("envbranch init", () => {
  it("writes the config, the workflow and the stack, and says what it detected and why", async () => {
    await put(NODE_APP);
    const run = await cli(["init", "--repo", "octo/shop"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ {2}runtime +node +package\.json: a Node\.js project$/m);
    expect(run.stdout).toMatch(/^ {2}add-on +postgresql +package\.json depends on pg$/m);
    expect(run.stdout).toMatch(/^ {2}stack +app-service +App Service runs node$/m);
    expect(run.stdout).toContain("wrote   .github/envbranch.yml\n");
    expect(run.stdout).toContain("git push origin HEAD:env-<you>");
    expect(await filesBelow(dir)).toEqual([".github/envbranch.yml", ".github/workflows/envbranch.yml", "package.json", "terraform/.gitignore", ...STACK_FILES].sort());
    const parsed = parseConfigText(await readFile(join(dir, ".github/envbranch.yml"), "utf8"), "shop");
    expect(parsed.ok && { project: parsed.config.project, variables: parsed.config.terraform.variables }).toEqual({ project: "shop", variables: { database: "postgresql", monitoring: true } });
    expect(await readFile(join(dir, "terraform/main.tf"), "utf8")).toBe(templates.stacks["app-service"]["main.tf"]);
  });

  it("overwrites nothing, saying what it skipped; --force replaces", async () => {
    await put({ ...NODE_APP, ".github/envbranch.yml": "# mine\n" });
    const first = await cli(["init"]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("skipped .github/envbranch.yml: it exists (--force replaces it)\n");
    expect(first.stdout).toContain("wrote   .github/workflows/envbranch.yml\n");
    expect(await readFile(join(dir, ".github/envbranch.yml"), "utf8")).toBe("# mine\n");
    // The stack written by the first run is now the repository's own: kept, and checked.
    const again = await cli(["init"]);
    expect(again.stdout).toContain("Terraform: kept the repository's own stack in terraform/.\n  It keeps envbranch's stack contract.\n");
    expect(again.stdout.match(/^wrote /gm)).toBeNull();
    expect(again.stdout.match(/^skipped /gm)).toHaveLength(2);
    const forced = await cli(["init", "--force"]);
    expect(forced.stdout.match(/^wrote /gm)).toHaveLength(2);
    expect(await readFile(join(dir, ".github/envbranch.yml"), "utf8")).toContain("database: postgresql");
  });

  it("--dry-run shows every file and writes none", async () => {
    await put(NODE_APP);
    const run = await cli(["init", "--dry-run", "--workdir", "."]);
    expect(run.code).toBe(0);
    expect(await filesBelow(dir)).toEqual(["package.json"]);
    expect(run.stdout).toContain("=== .github/envbranch.yml ===\n# envbranch:");
    expect(run.stdout).toContain("=== terraform/modules/postgresql/main.tf ===\n");
    expect(run.stdout.match(/^=== /gm)).toHaveLength(STACK_FILES.length + 3);
    expect(run.stdout).toMatch(/\(--dry-run: nothing written\)\n$/);
  });

  it("reads neither node_modules nor .git", async () => {
    // Each of these pom.xml files, were it read, would make this a Java app at the root's depth.
    await put({ "api/requirements.txt": "redis\n", ".git/pom.xml": "<project/>", "node_modules/pom.xml": "<project/>" });
    const run = await cli(["init", "--dry-run"]);
    const detected = run.stdout.slice(0, run.stdout.indexOf("=== "));
    expect(detected).toMatch(/^ {2}runtime +python +api\/requirements\.txt: a Python project$/m);
    expect(detected).toMatch(/^ {2}add-on +redis +api\/requirements\.txt depends on redis$/m);
    expect(detected).not.toMatch(/pom\.xml|Also found/);
  });

  it("keeps a stack of the repository's own, writing none, and says what to change", async () => {
    await put({ ...NODE_APP, "infra/main.tf": 'terraform {\n  backend "local" {}\n}\n' });
    const run = await cli(["init"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Terraform: kept the repository's own stack in infra/.\n  To keep envbranch's stack contract (terraform-templates/README.md):\n  - Replace `backend \"local\"` in infra/main.tf");
    expect(await filesBelow(dir)).toEqual([".github/envbranch.yml", ".github/workflows/envbranch.yml", "infra/main.tf", "package.json"]);
    expect(await readFile(join(dir, ".github/envbranch.yml"), "utf8")).toContain('  directory: infra\n  paths: ["infra/**", .github/envbranch.yml]\n');
  });

  it("refuses an argument it does not take, and a folder that is not there", async () => {
    expect(await cli(["init", "now"])).toMatchObject({ code: 2, stderr: expect.stringContaining("unexpected argument: now") });
    expect(await cli(["init", "--workdir", "missing"])).toMatchObject({ code: 2, stderr: expect.stringContaining("is not a folder") });
  });
});

describe("the built envbranch init", () => {
  it("finds its templates beside dist/ and writes the setup", async () => {
    await ensureRunnerBuilt();
    await put({ Dockerfile: "FROM nginx:1.29-alpine\nEXPOSE 8080\n" });
    const run = await runRunnerCli(["init", "--workdir", dir], { cwd: tmpdir(), env: { PATH: process.env.PATH ?? "" } });
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/^ {2}stack +container-apps /m);
    expect(await readFile(join(dir, ".github/workflows/envbranch.yml"), "utf8")).toBe(templates.workflow);
    expect(await readFile(join(dir, "terraform/main.tf"), "utf8")).toBe(templates.stacks["container-apps"]["main.tf"]);
    expect(await readFile(join(dir, ".github/envbranch.yml"), "utf8")).toContain("    container_port: 8080\n");
  }, 120_000);
});
