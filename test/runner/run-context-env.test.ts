import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRunContext } from "../../app/runner/run-action.js";
import { emptyFindings } from "../../app/runner/run-context.js";
import { GIT_TOKEN_VARIABLE } from "../../app/runner/read-branch-head.js";
import { STACK_DIRECTORY, testSpec } from "../support/terraform-azurite/test-checkout.js";

// What the run context takes from the runner's environment: the run's page, and the environment
// Terraform is started with. A stand-in terraform writes down the environment it was given.

const ACTIONS = { GITHUB_SERVER_URL: "https://github.example.test", GITHUB_REPOSITORY: "octo-org/demo-app", GITHUB_RUN_ID: "4711" };

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "envbranch-run-context-"));
  // The stand-in runs in the spec's stack directory, as Terraform would.
  await mkdir(join(dir, STACK_DIRECTORY));
  await writeFile(join(dir, "fake-terraform"), `#!/bin/sh\nenv > '${join(dir, "env.txt")}'\n`, { mode: 0o755 });
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

function contextWith(env: Record<string, string | undefined>) {
  const log = { info: () => {}, out: () => {}, err: () => {} };
  const spec = testSpec("env-alice", { storageAccount: "acct", container: "tfstate" });
  return createRunContext({ spec, action: "plan", workdir: dir, outDir: dir, lockTimeout: "1s", env, log, terraformBinary: join(dir, "fake-terraform") }, emptyFindings());
}

/** The environment the stand-in terraform was started with, as NAME=value lines. */
async function terraformSees(env: Record<string, string | undefined>): Promise<Map<string, string>> {
  const ctx = contextWith({ PATH: process.env.PATH, ...env });
  await ctx.steps.terraform("version", ["version"]);
  const lines = (await readFile(join(dir, "env.txt"), "utf8")).split("\n").filter((line) => line.includes("="));
  return new Map(lines.map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]));
}

describe("the run's page", () => {
  it("is the Actions run's URL when GitHub Actions names the server, repository and run", () => {
    expect(contextWith(ACTIONS).runUrl).toBe("https://github.example.test/octo-org/demo-app/actions/runs/4711");
  });

  it.each([
    ["no server", { ...ACTIONS, GITHUB_SERVER_URL: undefined }],
    ["no repository", { ...ACTIONS, GITHUB_REPOSITORY: "" }],
    ["no run id", { ...ACTIONS, GITHUB_RUN_ID: undefined }],
    ["a run id with a path after its digits", { ...ACTIONS, GITHUB_RUN_ID: "4711/../../settings" }],
    ["a run id with something before its digits", { ...ACTIONS, GITHUB_RUN_ID: "x4711" }],
  ])("is null with %s", (_, env) => {
    expect(contextWith(env).runUrl).toBeNull();
  });
});

describe("Terraform's environment", () => {
  it("is the runner's without git's token, told it runs unattended and not to phone home", async () => {
    const seen = await terraformSees({ [GIT_TOKEN_VARIABLE]: "ghs_gittokenvalue", KEPT_FOR_TERRAFORM: "yes" });
    expect(seen.has(GIT_TOKEN_VARIABLE)).toBe(false);
    expect([...seen.values()].filter((value) => value.includes("ghs_gittokenvalue"))).toEqual([]);
    expect(seen.get("KEPT_FOR_TERRAFORM")).toBe("yes");
    expect(seen.get("TF_IN_AUTOMATION")).toBe("1");
    expect(seen.get("TF_INPUT")).toBe("0");
    expect(seen.get("CHECKPOINT_DISABLE")).toBe("1");
  });

  it("keeps a CHECKPOINT_DISABLE the runner set, and overrides prompts a workflow turned on", async () => {
    const seen = await terraformSees({ CHECKPOINT_DISABLE: "", TF_INPUT: "1", TF_IN_AUTOMATION: "" });
    expect(seen.get("CHECKPOINT_DISABLE")).toBe("");
    expect(seen.get("TF_INPUT")).toBe("0");
    expect(seen.get("TF_IN_AUTOMATION")).toBe("1");
  });
});
