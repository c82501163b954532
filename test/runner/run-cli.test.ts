import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseResult, type RunResult } from "../../app/runner/result-schema.js";
import { runCli } from "../../app/runner/run-cli.js";
import { PACKAGE_VERSION } from "../../app/package-version.js";
import { parseSpec, SPEC_VERSION } from "../../app/spec/spec-schema.js";
import { findOnPath } from "../support/terraform-azurite/terraform-shim.js";
import { makeTestCheckout, testSpec } from "../support/terraform-azurite/test-checkout.js";

// The command line in-process, against real files, real git and (where noted) the real terraform.

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "envbranch-cli-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function cli(argv: string[], env: Record<string, string> = {}, cwd = dir) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, { env: { PATH: process.env.PATH ?? "", ...env }, cwd, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

async function resultIn(out: string): Promise<RunResult> {
  return parseResult(await readFile(join(out, "result.json"), "utf8"));
}

const CONFIG = `# envbranch config of a test repository
azure:
  subscriptionId: 00000000-0000-0000-0000-000000000001
  tenantId: 00000000-0000-0000-0000-000000000002
  clientId: 00000000-0000-0000-0000-000000000003
  state:
    resourceGroup: rg-state
    storageAccount: acmestate
`;

async function gitCheckout(config: string, remote = "git@github.com:Octo-Org/Demo-App.git"): Promise<string> {
  const git = (...args: string[]) => execa("git", ["-c", "user.name=t", "-c", "user.email=t@example.test", ...args], { cwd: dir });
  await git("init", "-q");
  await execa("mkdir", ["-p", join(dir, ".github")]);
  await writeFile(join(dir, ".github/envbranch.yml"), config);
  await git("add", ".");
  await git("commit", "-q", "-m", "config");
  await git("remote", "add", "origin", remote);
  return (await git("rev-parse", "HEAD")).stdout.trim();
}

describe("envbranch render --branch (local mode)", () => {
  it("derives the spec from the checkout's config, origin remote and HEAD", async () => {
    const sha = await gitCheckout(CONFIG);
    const { code, stdout } = await cli(["render", "--branch", "env-alice"]);
    expect(code).toBe(0);
    const spec = parseSpec(stdout);
    expect(spec).toMatchObject({ action: "plan", repository: "Octo-Org/Demo-App", sha, branch: "env-alice" });
    expect(spec.terraform.backend.key).toBe("envbranch/octo-org/demo-app/alice.tfstate");
    expect(spec.environment.resourceGroup).toBe("rg-demoapp-alice");
    // Deterministic: rendering twice prints the same bytes.
    expect((await cli(["render", "--branch", "env-alice"])).stdout).toBe(stdout);
  });

  it("takes --repo over the remote", async () => {
    await gitCheckout(CONFIG, "https://github.com/someone/fork.git");
    const { stdout } = await cli(["render", "--branch", "env-alice", "--repo", "octo/real", "--action", "destroy"]);
    expect(parseSpec(stdout)).toMatchObject({ repository: "octo/real", action: "destroy" });
  });

  it("says why a branch or a config cannot be used, with exit code 3", async () => {
    await gitCheckout(CONFIG);
    const bad = await cli(["render", "--branch", "env-a/b"]);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain("path separator");
    expect(bad.stderr).toContain("`env-a-b` would work");
    expect((await cli(["render", "--branch", "feature-x"])).stderr).toContain("not an environment branch");
    await writeFile(join(dir, ".github/envbranch.yml"), `${CONFIG}colour: blue\n`);
    const invalid = await cli(["render", "--branch", "env-alice"]);
    expect(invalid.code).toBe(3);
    expect(invalid.stderr).toMatch(/line 9: .*colour/);
  });
});

describe("envbranch run, before Terraform", () => {
  const spec = testSpec("env-alice", { storageAccount: "acct", container: "tfstate" });

  it("refuses apply inside GitHub Actions when a person triggered it, and leaves a result saying so", async () => {
    const out = join(dir, "out");
    const summary = join(dir, "summary.md");
    const env = { PATH: "/nonexistent", GITHUB_ACTIONS: "true", GITHUB_TRIGGERING_ACTOR: "mallory", ENVBRANCH_SPEC: JSON.stringify(spec), GITHUB_STEP_SUMMARY: summary };
    const { code, stdout } = await cli(["run", "--out", out], env);
    expect(code).toBe(4);
    expect(stdout).toContain("Refused to apply");
    const result = await resultIn(out);
    expect(result).toMatchObject({ status: "refused", action: "apply", steps: [], failure: { kind: "refused", step: null } });
    expect(await readFile(summary, "utf8")).toContain("refused");
  });

  it("records a spec it cannot read, with no action, exit code 3", async () => {
    const out = join(dir, "out");
    const { code } = await cli(["run", "--out", out], { ENVBRANCH_SPEC: JSON.stringify({ ...spec, colour: "blue" }) });
    expect(code).toBe(3);
    const result = await resultIn(out);
    expect(result).toMatchObject({ action: null, status: "failed", failure: { kind: "invalid-spec" } });
    expect(result.failure?.explanation).toContain("colour");
  });

  it("says which pin to update when the spec is of a version this runner does not read (runner-mismatch, exit 5)", async () => {
    const out = join(dir, "out");
    const { code, stdout } = await cli(["run", "--out", out], { ENVBRANCH_SPEC: JSON.stringify({ ...spec, version: 99, appVersion: "9.0.0", newField: {} }) });
    expect(code).toBe(5);
    const result = await resultIn(out);
    expect(result).toMatchObject({ action: null, status: "failed", exitCode: 5, failure: { kind: "runner-mismatch", step: null, exitCode: 5 } });
    const explanation = result.failure!.explanation;
    expect(explanation).toContain(`this runner is envbranch ${PACKAGE_VERSION} and reads spec version ${SPEC_VERSION}`);
    expect(explanation).toContain("the app is envbranch 9.0.0 and rendered spec version 99");
    expect(explanation).toContain("`uses: envbranch/envbranch@<sha>` line of .github/workflows/envbranch.yml");
    expect(explanation).toContain('"Re-pinning the runner"');
    // Not the schema's complaints about fields this runner has never heard of.
    expect(explanation).not.toContain("newField");
    expect(stdout).toContain(explanation);
    // The section it points to exists.
    expect(await readFile(new URL("../../README.md", import.meta.url), "utf8")).toMatch(/^## Re-pinning the runner$/m);
  });

  it("takes a spec of this version that its schema rejects, from another app version, as a runner-mismatch too", async () => {
    const out = join(dir, "out");
    const { code } = await cli(["run", "--out", out], { ENVBRANCH_SPEC: JSON.stringify({ ...spec, appVersion: "0.2.0", newField: true }) });
    expect(code).toBe(5);
    const explanation = (await resultIn(out)).failure!.explanation;
    expect(explanation).toContain(`the app is envbranch 0.2.0 and rendered spec version ${SPEC_VERSION}`);
    expect(explanation).toContain("newField");
    expect(explanation).toContain("to a commit of envbranch 0.2.0");
  });

  it("refuses a stack directory outside the checkout", async () => {
    const escaping = { ...spec, terraform: { ...spec.terraform, directory: "../../etc" } };
    const { code } = await cli(["run", "plan", "--out", join(dir, "out")], { ENVBRANCH_SPEC: JSON.stringify(escaping) });
    expect(code).toBe(3);
    expect((await resultIn(join(dir, "out"))).failure?.explanation).toContain("relative path without `..`");
  });

  it("explains a missing terraform with its own exit code", async () => {
    const checkout = await makeTestCheckout();
    try {
      const { code } = await cli(["run", "plan", "--out", join(dir, "out")], { PATH: "/nonexistent", ENVBRANCH_SPEC: JSON.stringify(spec) }, checkout);
      expect(code).toBe(10);
      const result = await resultIn(join(dir, "out"));
      expect(result.failure).toMatchObject({ kind: "terraform-missing", step: "version" });
      expect(result.failure?.explanation).toContain("hashicorp/setup-terraform");
    } finally {
      await rm(checkout, { recursive: true, force: true });
    }
  });

  it("needs Terraform on deploy, to read the stack's outputs for the deploy job", async () => {
    const checkout = await makeTestCheckout();
    try {
      const { code } = await cli(["run", "deploy", "--out", join(dir, "out")], { PATH: "/nonexistent", ENVBRANCH_SPEC: JSON.stringify(spec) }, checkout);
      expect(code).toBe(10);
      expect((await resultIn(join(dir, "out"))).failure).toMatchObject({ kind: "terraform-missing", step: "version" });
    } finally {
      await rm(checkout, { recursive: true, force: true });
    }
  });

  it("answers a usage error with exit code 2 and the usage", async () => {
    const { code, stderr } = await cli(["run", "explode"]);
    expect(code).toBe(2);
    expect(stderr).toContain("Usage:");
  });

  const terraform = findOnPath("terraform");
  if (!terraform) console.warn("skipping the symlinked-stack tests: terraform is not on PATH");
  it.skipIf(!terraform)("refuses a stack directory that is a symlink out of the checkout", async () => {
    const checkout = await makeTestCheckout();
    const outside = await mkdtemp(join(tmpdir(), "envbranch-outside-"));
    try {
      await rm(join(checkout, "terraform"), { recursive: true });
      await symlink(outside, join(checkout, "terraform"));
      const env = { ENVBRANCH_SPEC: JSON.stringify(spec), CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: "/dev/null" };
      const { code } = await cli(["run", "plan", "--out", join(dir, "out")], env, checkout);
      expect(code).toBe(3);
      expect((await resultIn(join(dir, "out"))).failure?.explanation).toContain("symlink that leads out of the checkout");
      expect(await readdir(outside)).toEqual([]);
    } finally {
      await rm(checkout, { recursive: true, force: true });
      await rm(outside, { recursive: true, force: true });
    }
  });

  it.skipIf(!terraform)("replaces a rendered file the checkout holds as a symlink instead of writing through it", async () => {
    const checkout = await makeTestCheckout();
    const outside = join(dir, "precious.txt");
    try {
      await writeFile(outside, "keep me\n");
      await symlink(outside, join(checkout, "terraform", "envbranch.auto.tfvars.json"));
      // No terraform on PATH: the files are written before Terraform is first needed.
      await cli(["run", "plan", "--out", join(dir, "out")], { ENVBRANCH_SPEC: JSON.stringify(spec), PATH: "/nonexistent" }, checkout);
      expect(await readFile(outside, "utf8")).toBe("keep me\n");
      expect(JSON.parse(await readFile(join(checkout, "terraform", "envbranch.auto.tfvars.json"), "utf8"))).toMatchObject({ environment: spec.environment.slug });
    } finally {
      await rm(checkout, { recursive: true, force: true });
    }
  });

  it("keeps git's token out of Terraform's environment and tells Terraform it runs unattended", async () => {
    const checkout = await makeTestCheckout();
    const bin = join(dir, "bin");
    const seen = join(dir, "terraform-env.txt");
    try {
      // A stand-in terraform on PATH that records the environment it was started with, then fails.
      await mkdir(bin);
      await writeFile(join(bin, "terraform"), `#!/bin/sh\nenv > '${seen}'\nexit 1\n`, { mode: 0o755 });
      const env = { ENVBRANCH_SPEC: JSON.stringify(spec), PATH: `${bin}:/usr/bin:/bin`, ENVBRANCH_GIT_TOKEN: "ghs_gittokenvalue", KEPT_FOR_TERRAFORM: "yes" };
      await cli(["run", "plan", "--out", join(dir, "out")], env, checkout);
      const lines = (await readFile(seen, "utf8")).split("\n");
      expect(lines.filter((line) => line.includes("ghs_gittokenvalue") || line.startsWith("ENVBRANCH_GIT_TOKEN="))).toEqual([]);
      expect(lines).toEqual(expect.arrayContaining(["KEPT_FOR_TERRAFORM=yes", "TF_IN_AUTOMATION=1", "TF_INPUT=0", "CHECKPOINT_DISABLE=1"]));
    } finally {
      await rm(checkout, { recursive: true, force: true });
    }
  });

  it("refuses a saved plan for anything but an apply", async () => {
    const planWithSaved = { ...spec, action: "plan", terraform: { ...spec.terraform, savedPlan: { key: "envbranch/octo-org/demo-app/alice/plans/x.tfplan", sha256: "a".repeat(64) } } };
    const { code } = await cli(["run", "--out", join(dir, "out")], { ENVBRANCH_SPEC: JSON.stringify(planWithSaved) });
    expect(code).toBe(2);
    expect((await resultIn(join(dir, "out"))).failure?.explanation).toContain("A saved plan can only be applied");
  });
});

describe("envbranch state restore inside GitHub Actions", () => {
  it("is refused unless the app's bot started the run, before any storage is touched", async () => {
    const spec = testSpec("env-alice", { storageAccount: "acct", container: "tfstate" });
    // No endpoint or key: touching storage would fail another way than refused.
    const run = await cli(["state", "restore", "--version", "2026-12-02T04:43:02.1234567Z"], { ENVBRANCH_SPEC: JSON.stringify(spec), GITHUB_ACTIONS: "true", GITHUB_TRIGGERING_ACTOR: "mallory" });
    expect(run.code).toBe(4);
    expect(run.stderr).toContain("Refused to restore: inside GitHub Actions only runs started by the envbranch app");
  });
});
