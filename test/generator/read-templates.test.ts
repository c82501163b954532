import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { STACK_NAMES } from "../../app/generator/detect-runtime.js";
import { readSetupTemplates, templatesRoot } from "../../app/generator/read-templates.js";
import { TEMPLATES_DIR } from "../templates/support/terraform-stack.js";
import { WORKFLOW_PATH } from "../templates/support/workflow.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** A folder's files as `cp -rL` copies them: links followed. */
async function followingLinks(dir: string, base = dir): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const name of await readdir(dir)) {
    const path = join(dir, name);
    if ((await stat(path)).isDirectory()) Object.assign(files, await followingLinks(path, base));
    else files[relative(base, path).split(sep).join("/")] = await readFile(path, "utf8");
  }
  return files;
}

const scratch = await mkdtemp(join(tmpdir(), "envbranch-templates-"));
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe("the templates the generator adapts", () => {
  const templates = readSetupTemplates();

  it.each(STACK_NAMES)("hold the %s stack as a repository adopting it copies it, links followed", async (stack) => {
    const { stacks } = await templates;
    const copied = await followingLinks(join(TEMPLATES_DIR, stack));
    expect(Object.keys(stacks[stack]).sort()).toEqual(Object.keys(copied).sort());
    expect(stacks[stack]).toEqual(copied);
  });

  it("hold the workflow template", async () => {
    expect((await templates).workflow).toBe(await readFile(WORKFLOW_PATH, "utf8"));
  });

  it("are found above the sources, and above a build in dist/ as the package installs it", async () => {
    expect(await templatesRoot(fileURLToPath(new URL("../../app/generator/read-templates.ts", import.meta.url)))).toBe(ROOT.replace(/\/$/, ""));
    const installed = join(scratch, "node_modules", "envbranch");
    await mkdir(join(installed, "dist/app/generator"), { recursive: true });
    await mkdir(join(installed, "workflows-templates"));
    await writeFile(join(installed, "workflows-templates/envbranch.yml"), "name: envbranch\n");
    await writeFile(join(installed, "dist/package.json"), "{}");
    expect(await templatesRoot(join(installed, "dist/app/generator/read-templates.js"))).toBe(installed);
    await expect(templatesRoot(join(scratch, "elsewhere/x.js"))).rejects.toThrow("no workflows-templates/envbranch.yml in any folder above");
  });
});
