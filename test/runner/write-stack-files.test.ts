import { lstat, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BACKEND_FILE, VARIABLES_FILE, renderFiles } from "../../app/spec/render-files.js";
import type { Spec } from "../../app/spec/spec-schema.js";
import { stackDirectory, writeStackFiles } from "../../app/runner/write-stack-files.js";
import { STACK_DIRECTORY, TEST_SHA, testSpec } from "../support/terraform-azurite/test-checkout.js";

// Where the runner writes the rendered backend and variables files: the spec comes from a dispatch
// input and the stack directory from the commit's code, so neither may lead the runner's writes
// out of the checkout. Real directories and symlinks in a temp dir.

const base = testSpec("env-alice", { storageAccount: "acct", container: "tfstate" });
const specIn = (directory: string): Spec => ({ ...base, terraform: { ...base.terraform, directory } });

let root: string;
let checkout: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "envbranch-stack-files-"));
  checkout = join(root, "checkout");
  await mkdir(join(checkout, STACK_DIRECTORY), { recursive: true });
});
afterEach(async () => rm(root, { recursive: true, force: true }));

/** The failure a call rejects or throws with, or null. */
async function failureOf(run: () => unknown): Promise<{ kind: unknown; step: unknown; message: string } | null> {
  try {
    await run();
    return null;
  } catch (error) {
    const failure = error as { kind?: unknown; step?: unknown; message: string };
    return { kind: failure.kind, step: failure.step, message: failure.message };
  }
}

describe("stackDirectory", () => {
  it.each([
    ["a plain directory", "terraform", "terraform"],
    ["a nested one", "infra/stacks/app", "infra/stacks/app"],
    ["one that climbs out and back in", "infra/../terraform", "terraform"],
    ["the checkout itself", ".", ""],
  ])("resolves %s inside the checkout", (_, directory, inside) => {
    expect(stackDirectory(checkout, specIn(directory))).toBe(join(checkout, inside));
  });

  it.each([
    ["the checkout's parent", ".."],
    ["a sibling of the checkout", "../elsewhere"],
    ["a path that climbs out through the stack", "terraform/../../elsewhere"],
    ["an absolute path", "/etc"],
  ])("refuses %s", async (_, directory) => {
    expect(await failureOf(() => stackDirectory(checkout, specIn(directory)))).toEqual({
      kind: "invalid-spec",
      step: null,
      message: `The spec's Terraform directory \`${directory}\` is outside the checkout; it must be a path inside the repository.`,
    });
  });
});

describe("writeStackFiles", () => {
  it("writes the rendered backend and variables files into the stack directory and names them", async () => {
    const stack = join(checkout, STACK_DIRECTORY);
    expect(await writeStackFiles(checkout, stack, base)).toEqual([BACKEND_FILE, VARIABLES_FILE]);
    const rendered = renderFiles(base);
    expect(await readFile(join(stack, BACKEND_FILE), "utf8")).toBe(rendered[BACKEND_FILE]);
    expect(await readFile(join(stack, VARIABLES_FILE), "utf8")).toBe(rendered[VARIABLES_FILE]);
  });

  it.each([
    ["is missing", async () => {}],
    ["is a file", async (stack: string) => writeFile(stack, "not a directory")],
  ])("refuses a stack directory that %s, naming the commit", async (_, make) => {
    const stack = join(checkout, "missing");
    await make(stack);
    expect(await failureOf(() => writeStackFiles(checkout, stack, specIn("missing")))).toEqual({
      kind: "invalid-spec",
      step: null,
      message:
        `The Terraform stack directory \`missing\` does not exist in this checkout (at ${TEST_SHA.slice(0, 7)}). ` +
        "Add the stack there, or set `terraform.directory` in `.github/envbranch.yml` to where it is.",
    });
  });

  it("refuses a stack directory that is a symlink out of the checkout, writing nothing there", async () => {
    const outside = join(root, "outside");
    await mkdir(outside);
    await symlink(outside, join(checkout, "linked"));
    expect(await failureOf(() => writeStackFiles(checkout, join(checkout, "linked"), specIn("linked")))).toEqual({
      kind: "invalid-spec",
      step: null,
      message: "The Terraform stack directory `linked` is a symlink that leads out of the checkout; it must be a directory inside the repository.",
    });
    expect(await readdir(outside)).toEqual([]);
  });

  it("follows a symlink that stays inside the checkout, when the checkout itself is reached through one", async () => {
    const viaLink = join(root, "via-link");
    await symlink(checkout, viaLink);
    await symlink(join(checkout, STACK_DIRECTORY), join(checkout, "alias"));
    expect(await writeStackFiles(viaLink, join(viaLink, "alias"), specIn("alias"))).toEqual([BACKEND_FILE, VARIABLES_FILE]);
    expect(await readFile(join(checkout, STACK_DIRECTORY, BACKEND_FILE), "utf8")).toBe(renderFiles(base)[BACKEND_FILE]);
  });

  it("replaces a file of the same name that is a symlink, and an older file, instead of writing through them", async () => {
    const stack = join(checkout, STACK_DIRECTORY);
    const precious = join(root, "precious.txt");
    await writeFile(precious, "keep me\n");
    await symlink(precious, join(stack, BACKEND_FILE));
    await writeFile(join(stack, VARIABLES_FILE), "{\"stale\": true}\n");
    await writeStackFiles(checkout, stack, base);
    expect(await readFile(precious, "utf8")).toBe("keep me\n");
    expect((await lstat(join(stack, BACKEND_FILE))).isSymbolicLink()).toBe(false);
    expect(await readFile(join(stack, BACKEND_FILE), "utf8")).toBe(renderFiles(base)[BACKEND_FILE]);
    expect(await readFile(join(stack, VARIABLES_FILE), "utf8")).toBe(renderFiles(base)[VARIABLES_FILE]);
  });
});
