import { readdirSync, readFileSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { parse } from "@cdktf/hcl2json";
import { describe, expect, it } from "vitest";
import { checkStackContract } from "../../app/generator/check-stack-contract.js";
import { STACK_NAMES } from "../../app/generator/detect-runtime.js";
import { readHcl, type HclBlock } from "../../app/generator/read-hcl.js";
import { readSetupTemplates } from "../../app/generator/read-templates.js";
import { moduleDirs, TEMPLATES_DIR } from "../templates/support/terraform-stack.js";

const templates = await readSetupTemplates();
const rootFiles = (stack: (typeof STACK_NAMES)[number]) => Object.fromEntries(Object.entries(templates.stacks[stack]).filter(([path]) => !path.includes("/")));
const APP_SERVICE = rootFiles("app-service");

/** The app-service stack with one of its files edited. */
function edited(file: string, edit: (text: string) => string): Record<string, string> {
  const text = APP_SERVICE[file]!;
  const changed = edit(text);
  expect(changed, `the edit of ${file} changes it`).not.toBe(text);
  return { ...APP_SERVICE, [file]: changed };
}

describe("the stack contract check", () => {
  it.each(STACK_NAMES)("finds nothing to change in the %s template", (stack) => {
    expect(checkStackContract(rootFiles(stack), stack === "container-apps")).toEqual([]);
  });

  it("wants the registry's outputs for a Docker app", () => {
    expect(checkStackContract(APP_SERVICE, true)).toEqual([expect.stringMatching(/^Add `output "registry_name"`/), expect.stringMatching(/^Add `output "registry_login_server"`/)]);
  });

  it.each([
    ["a filled-in backend", "versions.tf", (t: string) => t.replace('backend "azurerm" {}', 'backend "azurerm" {\n    key = "x"\n    use_oidc = true\n  }'), /^Empty `backend "azurerm"` in versions\.tf \(it sets key, use_oidc\)/],
    ["another backend", "versions.tf", (t: string) => t.replace('backend "azurerm" {}', 'backend "s3" {}'), /^Replace `backend "s3"` in versions\.tf with an empty `backend "azurerm" \{\}`/],
    ["no backend", "versions.tf", (t: string) => t.replace('backend "azurerm" {}', ""), /^Add `backend "azurerm" \{\}`, empty, to the `terraform` block/],
    ["a missing variable", "variables.tf", (t: string) => t.replace('variable "location"', 'variable "region"'), /^Add `variable "location"`/],
    ["tags of another type", "variables.tf", (t: string) => t.replace("type        = map(string)", "type        = map(any)"), /^Give `variable "tags"` `type = map\(string\)`/],
    ["a missing output", "outputs.tf", (t: string) => t.replace('output "url"', 'output "address"'), /^Add `output "url"`: the app shows it on the GitHub deployment/],
    ["other tags", "main.tf", (t: string) => t.replace("  tags     = var.tags", '  tags     = { team = "web" }'), /^Set `tags = var\.tags` on azurerm_resource_group\.env in main\.tf \(it has `\{ team = "web" \}`\)/],
    ["a resource group without tags", "main.tf", (t: string) => t.replace("  tags     = var.tags\n", ""), /^Add `tags = var\.tags` to azurerm_resource_group\.env in main\.tf\.$/],
    ["a resource in another group", "main.tf", (t: string) => t.replace(/(resource "azurerm_service_plan" "plan" \{\n.*\n  resource_group_name = )azurerm_resource_group\.env\.name/, '$1"rg-shared"'), /^Put azurerm_service_plan\.plan in main\.tf in the stack's resource group/],
    ["no resource group", "main.tf", (t: string) => t.replace('resource "azurerm_resource_group" "env"', 'resource "azurerm_resource_group_x" "env"'), /^Add an `azurerm_resource_group` named "rg-\$\{var\.project\}-\$\{var\.environment\}"/],
  ])("says what to change for %s", (_what, file, edit, finding) => {
    expect(checkStackContract(edited(file, edit), false)).toEqual([expect.stringMatching(finding)]);
  });

  it("reads on past what it cannot place, and says what is missing", () => {
    expect(checkStackContract({ "main.tf": "this is } not { HCL = \n" }, false)).toEqual(expect.arrayContaining([expect.stringMatching(/^Add `backend "azurerm" \{\}`/), expect.stringMatching(/^Add `variable "tags"`/)]));
  });
});

/** Every `.tf` file of the templates and their modules, links resolved, each once. */
function templateFiles(): string[] {
  const dirs = new Set([...STACK_NAMES.map((stack) => realpathSync(join(TEMPLATES_DIR, stack))), ...moduleDirs().map((dir) => realpathSync(dir)), realpathSync(join(TEMPLATES_DIR, "shared"))]);
  return [...dirs].flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith(".tf")).map((f) => join(dir, f)));
}

type Json = Record<string, Record<string, unknown>>;

/** What readHcl and hcl2json must agree on: each block's address, and its top-level attributes that are single traversals (`var.tags`). */
function fromReadHcl(root: HclBlock): string[] {
  return root.blocks.flatMap((block) => [
    [block.type, ...block.labels].join("."),
    ...Object.entries(block.attributes)
      .filter(([, value]) => /^[a-z_][\w.]*$/.test(value) && value.includes("."))
      .map(([name, value]) => `${[block.type, ...block.labels].join(".")} ${name} = ${value}`),
  ]);
}

function fromHcl2json(json: Json): string[] {
  const addresses: string[] = [];
  const visit = (prefix: string[], node: unknown, depth: number) => {
    if (depth === 0) {
      const body = (node as Array<Record<string, unknown>>)[0]!;
      const address = prefix.join(".");
      addresses.push(address);
      for (const [name, value] of Object.entries(body)) {
        const traversal = typeof value === "string" ? /^\$\{([a-z_][\w.]*)\}$/.exec(value)?.[1] : undefined;
        if (traversal?.includes(".")) addresses.push(`${address} ${name} = ${traversal}`);
      }
      return;
    }
    for (const [label, child] of Object.entries(node as Record<string, unknown>)) visit([...prefix, label], child, depth - 1);
  };
  const labelCount: Record<string, number> = { resource: 2, data: 2, variable: 1, output: 1, module: 1, provider: 1 };
  for (const [type, content] of Object.entries(json)) {
    if (type in labelCount) visit([type], content, labelCount[type]!);
    else for (const block of content as unknown as unknown[]) visit([type], [block], 0);
  }
  return addresses;
}

describe("the small HCL reader", () => {
  it.each(templateFiles().map((file) => [file.replace(TEMPLATES_DIR, ""), file]))("reads %s as hcl2json does", async (_name, file) => {
    const text = readFileSync(file, "utf8");
    const json = (await parse(file, text)) as Json;
    expect(fromReadHcl(readHcl(text)).sort()).toEqual(fromHcl2json(json).sort());
  });

  it("skips strings, templates, heredocs and comments that hold braces", () => {
    const text = [
      "/* resource \"x\" \"commented\" { */",
      'locals { a = "}" # }',
      '  b = "${ "}" }{"',
      "  c = <<-EOT",
      "    } not the end {",
      "  EOT",
      "  d = { e = [1, 2], f = { g = 1 } } // {",
      "}",
      'backend "azurerm" {}',
      "terraform { required_version = \">= 1.9\" }",
    ].join("\n");
    const root = readHcl(text);
    expect(root.blocks.map((b) => [b.type, b.labels, Object.keys(b.attributes), b.blocks.length])).toEqual([
      ["locals", [], ["a", "b", "c", "d"], 0],
      ["backend", ["azurerm"], [], 0],
      ["terraform", [], ["required_version"], 0],
    ]);
    expect(root.blocks[0]!.attributes).toEqual({ a: '"}"', b: '"${ "}" }{"', c: "<<-EOT } not the end { EOT", d: "{ e = [1, 2], f = { g = 1 } }" });
  });
});
