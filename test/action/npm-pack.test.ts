import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSpec } from "../../app/spec/spec-schema.js";
import { SMALL_PLAN, SMALL_PLAN_SECRET } from "../runner/support/small-plan.js";

// The npm package for laptops: packed from a copy of the sources (so `prepack` builds a fresh dist/ and
// this worktree's dist/, which other test files run, is left alone), installed from the tarball into an
// empty folder as a user would, and run there.

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const pkg = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")) as { version: string; files: string[] };
/** What the package's build and pack read. */
const SOURCES = ["app", "package.json", "tsconfig.json", "app.yml", "schema", "terraform-templates", "workflows-templates", "README.md"];

let dir: string;
let installed: string;
let packedFiles: string[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "envbranch-npm-pack-"));
  const source = join(dir, "source");
  await mkdir(source);
  for (const entry of SOURCES) await cp(join(ROOT, entry), join(source, entry), { recursive: true });
  // The build's tools (tsc); nothing of node_modules goes into the tarball.
  await symlink(join(ROOT, "node_modules"), join(source, "node_modules"));
  const pack = await execa("npm", ["pack", "--json", "--pack-destination", dir], { cwd: source, reject: false });
  if (pack.exitCode !== 0) throw new Error(`npm pack failed:\n${pack.stderr}`);
  const [packed] = JSON.parse(pack.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  packedFiles = packed!.files.map((f) => f.path);
  installed = join(dir, "laptop");
  await mkdir(installed);
  const started = performance.now();
  const install = await execa("npm", ["install", "--omit=dev", "--no-audit", "--no-fund", "--prefer-offline", join(dir, packed!.filename)], { cwd: installed, reject: false });
  if (install.exitCode !== 0) throw new Error(`npm install of the tarball failed:\n${install.stderr}`);
  console.log(`npm install of the tarball into an empty folder took ${((performance.now() - started) / 1000).toFixed(1)} s`);
}, 300_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const envbranch = (args: string[], cwd = installed) => execa("npx", ["--no", "--", "envbranch", ...args], { cwd, reject: false });

describe("the npm package", () => {
  it("holds the built command and what it reads, and nothing else", () => {
    expect(packedFiles).toEqual(expect.arrayContaining(["package.json", "README.md", "app.yml", "schema/envbranch.schema.json", "dist/package.json", "dist/app/runner/cli.js"]));
    // What `envbranch init` adapts. npm leaves links out of a package, so the stacks' links to shared/ and modules/ are not in it.
    expect(packedFiles).toEqual(expect.arrayContaining(["workflows-templates/envbranch.yml", "terraform-templates/app-service/main.tf", "terraform-templates/shared/addons.tf", "terraform-templates/modules/addons/main.tf"]));
    expect(packedFiles).not.toContain("terraform-templates/app-service/addons.tf");
    const outside = packedFiles.filter((file) => file !== "package.json" && !pkg.files.some((entry) => file === entry || file.startsWith(`${entry}/`)));
    expect(outside).toEqual([]);
    expect(packedFiles.filter((file) => file.endsWith(".ts") || file.startsWith("test/") || file.startsWith("action/"))).toEqual([]);
  });

  it("runs `envbranch --version`, which is package.json's version", async () => {
    const run = await envbranch(["--version"]);
    expect({ exitCode: run.exitCode, stdout: run.stdout }).toEqual({ exitCode: 0, stdout: pkg.version });
  });

  it("renders the spec of a checkout's branch", async () => {
    const checkout = join(dir, "checkout");
    await mkdir(join(checkout, ".github"), { recursive: true });
    await writeFile(
      join(checkout, ".github/envbranch.yml"),
      ["azure:", "  subscriptionId: 00000000-0000-0000-0000-000000000001", "  tenantId: 00000000-0000-0000-0000-000000000002", "  clientId: 00000000-0000-0000-0000-000000000003", "  state:", "    resourceGroup: rg-state", "    storageAccount: shopstate", ""].join("\n"),
    );
    const git = (...args: string[]) => execa("git", ["-c", "user.name=t", "-c", "user.email=t@example.test", ...args], { cwd: checkout });
    await git("init", "-q");
    await git("add", ".");
    await git("commit", "-q", "-m", "config");
    const sha = (await git("rev-parse", "HEAD")).stdout.trim();
    const run = await envbranch(["render", "--branch", "env-alice", "--repo", "octo/shop", "--workdir", checkout]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(parseSpec(run.stdout)).toMatchObject({ appVersion: pkg.version, repository: "octo/shop", branch: "env-alice", sha, environment: { resourceGroup: "rg-shop-alice" } });
  });

  it("runs `envbranch init --dry-run` on a folder with only a package.json, a whole stack in what it shows", async () => {
    const app = join(dir, "app");
    await mkdir(app);
    await writeFile(join(app, "package.json"), JSON.stringify({ name: "shop", dependencies: { pg: "^8.16.0" } }));
    const run = await envbranch(["init", "--dry-run", "--workdir", app]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^ {2}add-on +postgresql +package\.json depends on pg$/m);
    for (const file of [".github/envbranch.yml", ".github/workflows/envbranch.yml", "terraform/main.tf", "terraform/addons.tf", "terraform/modules/postgresql/main.tf"]) expect(run.stdout).toContain(`=== ${file} ===\n`);
    expect(await readdir(app)).toEqual(["package.json"]);
  });

  it("summarizes a plan", async () => {
    const plan = join(dir, "plan.json");
    await writeFile(plan, JSON.stringify(SMALL_PLAN));
    const run = await envbranch(["summarize", plan]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain("**Plan: 1 to add, 1 to change, 0 to destroy.**");
    expect(run.stdout).not.toContain(SMALL_PLAN_SECRET);
  });
});
