import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { AzurermDocsFixture, BlockSchema } from "../../../scripts/azurerm-docs/azurerm-docs-fixture.js";
import type { Block } from "./terraform-stack.js";

export const AZURERM_DOCS_DIR = fileURLToPath(new URL("../../fixtures/azurerm-docs/", import.meta.url));

/** Every committed extract of the azurerm docs (scripts/extract-azurerm-docs.ts), oldest first. */
export function loadAzurermDocs(): AzurermDocsFixture[] {
  return readdirSync(AZURERM_DOCS_DIR)
    .filter((file) => /^azurerm-\d+\.\d+\.\d+\.json$/.test(file))
    .map((file) => JSON.parse(readFileSync(AZURERM_DOCS_DIR + file, "utf8")) as AzurermDocsFixture)
    .sort((a, b) => a.version.localeCompare(b.version, undefined, { numeric: true }));
}

/** Terraform's own arguments of a resource or data block; the provider does not document them. */
export const RESOURCE_META_ARGUMENTS = ["count", "for_each", "provider", "depends_on", "lifecycle"];

/** How hcl2json shows `name { ... }`: a list of bodies. `name = [..]` and `name = {..}` are arguments. */
function isBlockSyntax(value: unknown): value is Block[] {
  return Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === "object" && item !== null && !Array.isArray(item));
}

/** The bodies a `dynamic "name" { content { ... } }` block produces, by block name. */
function dynamicBodies(body: Block): Map<string, Block[]> {
  const found = new Map<string, Block[]>();
  for (const [name, uses] of Object.entries((body.dynamic as Record<string, Block[]> | undefined) ?? {})) {
    found.set(name, uses.flatMap((use) => (use.content as Block[] | undefined) ?? []));
  }
  return found;
}

export interface CheckOptions {
  /** Keys Terraform itself handles at this level. */
  meta?: string[];
  /** Required arguments that may be left out because the run sets their environment variable. */
  fromEnvironment?: string[];
}

/**
 * What a block of a stack uses that the docs do not list, uses in the wrong form (an argument written
 * as a block or the reverse), or leaves out although the docs mark it (Required). Empty when it fits.
 */
export function checkAgainstDocs(body: Block, schema: BlockSchema, path: string, options: CheckOptions = {}): string[] {
  const problems: string[] = [];
  const dynamic = dynamicBodies(body);
  for (const [key, value] of Object.entries(body)) {
    if (options.meta?.includes(key) || key === "dynamic") continue;
    const at = `${path}.${key}`;
    if (isBlockSyntax(value)) {
      const nested = schema.blocks[key];
      if (nested) for (const item of value) problems.push(...checkAgainstDocs(item, nested, at));
      else problems.push(key in schema.arguments ? `${at} is an argument: write \`${key} = ...\`` : `${at}: no such block`);
    } else if (!(key in schema.arguments)) {
      problems.push(key in schema.blocks ? `${at} is a block: write \`${key} { ... }\`` : `${at}: no such argument`);
    }
  }
  for (const [key, bodies] of dynamic) {
    const nested = schema.blocks[key];
    if (!nested) problems.push(`${path}.dynamic.${key}: no such block`);
    else for (const item of bodies) problems.push(...checkAgainstDocs(item, nested, `${path}.${key}`));
  }
  for (const [key, requirement] of Object.entries(schema.arguments)) {
    if (requirement === "required" && !(key in body) && !options.fromEnvironment?.includes(key)) problems.push(`${path}.${key}: required argument missing`);
  }
  for (const [key, nested] of Object.entries(schema.blocks)) {
    if (nested.required && !(key in body) && !dynamic.has(key)) problems.push(`${path}.${key}: required block missing`);
  }
  return problems;
}
