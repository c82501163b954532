import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfigText } from "../../app/config/parse-config.js";
import { checkStackContract } from "../../app/generator/check-stack-contract.js";
import { CONFIG_FILE, generateSetup, WORKFLOW_FILE, type GeneratedSetup } from "../../app/generator/generate-setup.js";
import { readSetupTemplates } from "../../app/generator/read-templates.js";
import { skipWithoutTerraform, TERRAFORM_ENV } from "../templates/support/terraform-cli.js";
import { loadConfiguration, loadModuleTree, loadStack, type Stack } from "../templates/support/terraform-stack.js";
import { EXAMPLES } from "./support/examples.js";
import { repositoryOf } from "./support/repository.js";

// The examples of issue 10's "done when": each repository's generated config and stack pass the checks
// the project's own templates pass (the workflow: generated-workflow.test.ts).

const templates = await readSetupTemplates();

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "envbranch-generated-"));
});
afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

const fileOf = (setup: GeneratedSetup, path: string) => setup.files.find((f) => f.path === path)?.content;

/** Every module a configuration calls, by its path from the last `modules/` on, with its shape. */
async function moduleShapes(stack: Stack) {
  const tree = await loadModuleTree(stack);
  return Object.fromEntries([...tree].map(([dir, module]) => [dir.slice(dir.lastIndexOf("/modules/") + 1), { files: module.files.sort(), ...shapeOf(module) }]));
}

/** The parts of a loaded configuration that say what it is, without where it was read from. */
function shapeOf(stack: Stack) {
  const { terraform, resources, data, providers, variables, outputs, locals } = stack;
  return { terraform, resources, data, providers, variables, outputs, locals, modules: stack.modules.map(({ name, body }) => ({ name, body })) };
}

describe.each(EXAMPLES)("$title", (example) => {
  const setup = generateSetup(repositoryOf(example.files), templates, "shop");

  it("detects the runtime, the stack and the add-ons, each with its reason", () => {
    expect(setup.detected.runtime.value).toBe(example.runtime);
    expect(setup.detected.stack.value).toBe(example.stack);
    const reasons = [setup.detected.runtime.reason, ...setup.addons.map((a) => a.reason), ...(setup.containerPort ? [setup.containerPort.reason] : [])];
    expect(reasons).toEqual(example.reasons);
  });

  it("writes a config the project's parser accepts, with the add-ons turned on", () => {
    const parsed = parseConfigText(fileOf(setup, CONFIG_FILE)!, "shop");
    expect(parsed.ok ? [] : parsed.problems).toEqual([]);
    if (!parsed.ok) return;
    expect(parsed.config.app).toEqual({ runtime: example.runtime, path: "." });
    expect(parsed.config.terraform).toMatchObject({ directory: "terraform", paths: ["terraform/**", ".github/envbranch.yml"] });
    expect(parsed.config.terraform.variables).toEqual(example.variables);
    expect(parsed.config.project).toBe("shop");
  });

  it("writes the stack as the template reads, every variable the config sets declared in it", async () => {
    const root = join(scratch, example.stack);
    for (const file of setup.files) {
      await mkdir(dirname(join(root, file.path)), { recursive: true });
      await writeFile(join(root, file.path), file.content);
    }
    const written = await loadConfiguration(join(root, "terraform"));
    // Equal to the template as the full HCL parser reads it, so it keeps the contract terraform-structure.test.ts checks on the template.
    const template = await loadStack(example.stack);
    expect(shapeOf(written)).toEqual(shapeOf(template));
    const modules = await moduleShapes(written);
    expect(Object.keys(modules).length).toBeGreaterThan(8);
    expect(modules).toEqual(await moduleShapes(template));
    for (const name of Object.keys(example.variables)) expect(written.variables, name).toHaveProperty(name);
    const [validation] = written.variables.runtime!.validation as [{ condition: string }];
    expect(validation.condition).toContain(`"${example.runtime}"`);
    const rootFiles = Object.fromEntries(setup.files.filter((f) => /^terraform\/[^/]+\.tf$/.test(f.path)).map((f) => [f.path, f.content]));
    expect(checkStackContract(rootFiles, example.runtime === "docker")).toEqual([]);
  });

  describe.skipIf(skipWithoutTerraform("terraform fmt of a generated stack"))("with the real Terraform CLI", () => {
    it("passes terraform fmt -check", async () => {
      const stackDir = join(scratch, `fmt-${example.stack}`);
      for (const file of setup.files.filter((f) => f.path.endsWith(".tf"))) {
        await mkdir(dirname(join(stackDir, file.path)), { recursive: true });
        await writeFile(join(stackDir, file.path), file.content);
      }
      const fmt = await execa("terraform", ["fmt", "-check", "-recursive", join(stackDir, "terraform")], { reject: false, env: TERRAFORM_ENV });
      expect({ exitCode: fmt.exitCode, unformatted: fmt.stdout }).toEqual({ exitCode: 0, unformatted: "" });
    });
  });
});

describe("a repository with a stack of its own", () => {
  const files = {
    "package.json": JSON.stringify({ dependencies: { ioredis: "^5.6.0" } }),
    "infra/main.tf": ['terraform {', '  backend "azurerm" {', '    key = "shop.tfstate"', "  }", "}", "", 'resource "azurerm_resource_group" "env" {', '  name     = "rg-${var.project}-${var.environment}"', "  location = var.location", "}", ""].join("\n"),
    "infra/variables.tf": ['variable "environment" {}', 'variable "project" {}', 'variable "location" {}', 'variable "tags" {', "  type = map(string)", "}", ""].join("\n"),
    "infra/modules/web/main.tf": 'resource "azurerm_linux_web_app" "app" {}\n',
  };
  const setup = generateSetup(repositoryOf(files), templates, "shop");

  it("keeps it, writes no stack, and points the config at it", () => {
    expect(setup.terraform).toMatchObject({ directory: "infra", kept: true });
    expect(setup.files.map((f) => f.path)).toEqual([CONFIG_FILE, WORKFLOW_FILE]);
    const parsed = parseConfigText(fileOf(setup, CONFIG_FILE)!, "shop");
    expect(parsed.ok && parsed.config.terraform).toMatchObject({ directory: "infra", paths: ["infra/**", ".github/envbranch.yml"], variables: { cache: true } });
  });

  it("says what to change to keep the stack contract", () => {
    expect(setup.terraform.findings).toEqual([
      expect.stringMatching(/^Empty `backend "azurerm"` in infra\/main\.tf \(it sets key\)/),
      expect.stringMatching(/^Add `output "app_name"`/),
      expect.stringMatching(/^Add `output "url"`/),
      expect.stringMatching(/^Add `output "resource_group"`/),
      "Add `tags = var.tags` to azurerm_resource_group.env in infra/main.tf.",
    ]);
  });
});
