/**
 * Extracts from the azurerm provider's own documentation, at one release, the arguments and blocks of
 * the provider block and of exactly the resource and data source types our Terraform stacks use, into
 * test/fixtures/azurerm-docs/azurerm-<version>.json; terraform-azurerm-docs.test.ts checks the stacks
 * against every fixture there.
 *
 * Regenerate (the mirror is a bare clone of hashicorp/terraform-provider-azurerm; the fetch tool or
 * `git clone --bare` brings one):
 *
 *   npx tsx scripts/extract-azurerm-docs.ts --git-dir <mirror>.git --ref v4.37.0
 *
 * The types come from every `.tf` file under --stacks (default terraform-templates/), so a new module
 * brings its types along; --resource/--data add types no stack uses yet. Run it again after changing
 * the stacks' types or their azurerm pin (~> 4.N needs the fixture of v4.N.0).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import { parse } from "@cdktf/hcl2json";
import type { AzurermDocsFixture, ProviderSchema, ResourceSchema } from "./azurerm-docs/azurerm-docs-fixture.js";
import { parseArgumentReference } from "./azurerm-docs/parse-argument-reference.js";
import { resourceSchema, schemaFromArguments } from "./azurerm-docs/schema-from-reference.js";

const { values } = parseArgs({
  options: {
    "git-dir": { type: "string" },
    ref: { type: "string" },
    stacks: { type: "string", default: "terraform-templates" },
    resource: { type: "string", multiple: true, default: [] },
    data: { type: "string", multiple: true, default: [] },
    out: { type: "string", default: "test/fixtures/azurerm-docs" },
  },
});
if (!values["git-dir"] || !values.ref) {
  console.error("usage: npx tsx scripts/extract-azurerm-docs.ts --git-dir <terraform-provider-azurerm mirror> --ref <tag or commit>");
  process.exit(2);
}
const gitDir = values["git-dir"];

function git(...args: string[]): string {
  try {
    return execFileSync("git", ["--git-dir", gitDir, ...args], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    throw new Error(`git ${args.join(" ")} failed in ${gitDir}`, { cause: error });
  }
}

const commit = git("rev-parse", "--verify", `${values.ref}^{commit}`).trim();
const tag = /^v\d+\.\d+\.\d+$/.test(values.ref) ? values.ref : git("describe", "--tags", "--exact-match", commit).trim();
const version = tag.replace(/^v/, "");
const docAt = (path: string) => git("show", `${commit}:website/docs/${path}`);

/** The azurerm resource and data source types declared in the `.tf` files under a folder. */
async function typesUsed(dir: string): Promise<{ resources: Set<string>; data: Set<string> }> {
  const used = { resources: new Set<string>(values.resource), data: new Set<string>(values.data) };
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".tf")) continue;
    const file = join(entry.parentPath, entry.name);
    const json = (await parse(file, readFileSync(file, "utf8"))) as { resource?: object; data?: object };
    for (const type of Object.keys(json.resource ?? {})) if (type.startsWith("azurerm_")) used.resources.add(type);
    for (const type of Object.keys(json.data ?? {})) if (type.startsWith("azurerm_")) used.data.add(type);
  }
  return used;
}

function schemasOf(types: Set<string>, folder: "r" | "d"): Record<string, ResourceSchema> {
  const sorted = [...types].sort();
  return Object.fromEntries(sorted.map((type) => [type, resourceSchema(parseArgumentReference(docAt(`${folder}/${type.replace(/^azurerm_/, "")}.html.markdown`)))]));
}

function providerSchema(): ProviderSchema {
  const index = parseArgumentReference(docAt("index.html.markdown"));
  const schema = schemaFromArguments(index.root, index.sections);
  // The provider page links the features block to its own guide page.
  const guide = parseArgumentReference(docAt("guides/features-block.html.markdown"));
  const features = schema.blocks.features;
  if (!features) throw new Error(`the provider docs at ${tag} list no features block`);
  schema.blocks.features = { required: features.required, ...schemaFromArguments(guide.sections.get("features") ?? [], guide.sections) };
  const environment: Record<string, string> = {};
  for (const { name, description } of index.root) {
    const variable = /sourced from the `(ARM_[A-Z0-9_]+)`/i.exec(description)?.[1];
    if (variable) environment[name] = variable;
  }
  return { ...schema, environment };
}

const used = await typesUsed(values.stacks);
const fixture: AzurermDocsFixture = {
  provider: "hashicorp/azurerm",
  version,
  commit,
  generated_by: `npx tsx scripts/extract-azurerm-docs.ts --git-dir <mirror> --ref ${tag}`,
  provider_block: providerSchema(),
  resources: schemasOf(used.resources, "r"),
  data_sources: schemasOf(used.data, "d"),
};
mkdirSync(values.out, { recursive: true });
const target = join(values.out, `azurerm-${version}.json`);
writeFileSync(target, `${JSON.stringify(fixture, null, 1)}\n`);
console.log(`wrote ${relative(process.cwd(), target)}: ${used.resources.size} resource and ${used.data.size} data source types of azurerm ${version} (${commit})`);
