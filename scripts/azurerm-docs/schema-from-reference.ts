import type { BlockSchema, NestedBlock, ResourceSchema } from "./azurerm-docs-fixture.js";
import type { ArgumentReference, DocArgument } from "./parse-argument-reference.js";

/**
 * A listed argument is a block when its description calls it one ("A `site_config` block as defined
 * below", "One or more `container` blocks"), or says "block" and a section of that name exists. The
 * second rule keeps `registry.identity` (a string: an identity's ID) apart from the `identity` block.
 */
function isBlock(argument: DocArgument, sections: Map<string, DocArgument[]>): boolean {
  if (new RegExp(`\`${argument.name}\` blocks?\\b`).test(argument.description)) return true;
  return sections.has(argument.name) && /\bblocks?\b/.test(argument.description);
}

/**
 * Nests the page's block sections under the arguments that name them. The docs name sections by block
 * name only, so two different blocks of one name share their arguments; a block that contains a block
 * of its own name stops there.
 */
export function schemaFromArguments(listed: DocArgument[], sections: Map<string, DocArgument[]>, path: string[] = []): BlockSchema {
  const schema: BlockSchema = { arguments: {}, blocks: {} };
  for (const argument of listed) {
    if (!isBlock(argument, sections)) {
      schema.arguments[argument.name] = argument.required ? "required" : "optional";
      continue;
    }
    const nested = path.includes(argument.name) ? [] : (sections.get(argument.name) ?? []);
    const block: NestedBlock = { required: argument.required, ...schemaFromArguments(nested, sections, [...path, argument.name]) };
    schema.blocks[argument.name] = block;
  }
  return schema;
}

/** A resource's or data source's schema, with its `timeouts` block and the API providers it calls. */
export function resourceSchema(reference: ArgumentReference): ResourceSchema {
  const schema = schemaFromArguments(reference.root, reference.sections);
  if (reference.timeouts.length > 0) {
    const operations = Object.fromEntries(reference.timeouts.map((name) => [name, "optional" as const]));
    schema.blocks.timeouts = { required: false, arguments: operations, blocks: {} };
  }
  return { ...schema, api_providers: reference.apiProviders };
}
