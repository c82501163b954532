/**
 * The shape of test/fixtures/azurerm-docs/azurerm-<version>.json: what the azurerm provider's own
 * documentation at one release says each resource type the stacks use accepts. Written by
 * scripts/extract-azurerm-docs.ts, read by test/templates/terraform-azurerm-docs.test.ts.
 */
export type Requirement = "required" | "optional";

/** The arguments and nested blocks one block (or a whole resource) accepts. */
export interface BlockSchema {
  arguments: Record<string, Requirement>;
  blocks: Record<string, NestedBlock>;
}

export interface NestedBlock extends BlockSchema {
  required: boolean;
}

export interface ResourceSchema extends BlockSchema {
  /** Resource provider namespaces from the page's "API Providers" section. */
  api_providers: string[];
}

export interface ProviderSchema extends BlockSchema {
  /** Provider arguments the docs say can come from an environment variable, and which one. */
  environment: Record<string, string>;
}

export interface AzurermDocsFixture {
  provider: "hashicorp/azurerm";
  version: string;
  commit: string;
  generated_by: string;
  provider_block: ProviderSchema;
  resources: Record<string, ResourceSchema>;
  data_sources: Record<string, ResourceSchema>;
}
