import { describe, expect, it } from "vitest";
import { parseArgumentReference } from "../../scripts/azurerm-docs/parse-argument-reference.js";
import { resourceSchema } from "../../scripts/azurerm-docs/schema-from-reference.js";

// Shaped like website/docs/r/container_app.html.markdown in hashicorp/terraform-provider-azurerm v4.81.0,
// cut down to the parts the extraction reads.
const PAGE = `---
subcategory: "Container Apps"
---

# azurerm_container_app

## Example Usage

\`\`\`hcl
* \`not_an_argument\` - this list item is inside an example
\`\`\`

## Arguments Reference

* \`name\` - (Required) The name for this Container App.

* \`identity\` - (Optional) An \`identity\` block as detailed below.

* \`registry\` - (Optional) A \`registry\` block as detailed below.

* \`template\` - (Required) A \`template\` block as detailed below.

---

A \`template\` block supports the following:

* \`container\` - (Required) One or more \`container\` blocks as detailed below.

* \`max_replicas\` - (Optional) The maximum number of replicas for this container.

---

A \`container\` block supports the following:

* \`image\` - (Required) The image to use to create the container.

  * \`Single\` - an indented item describes a value, not an argument

---

An \`identity\` block supports the following:

* \`type\` - (Required) The type of managed identity to assign.

---

A \`registry\` block supports the following:

* \`identity\` - (Optional) Resource ID for the User Assigned Managed identity to use when pulling from the Container Registry.

## Attributes Reference

* \`latest_revision_fqdn\` - The FQDN of the Latest Revision of the Container App.

## Timeouts

* \`create\` - (Defaults to 30 minutes) Used when creating the Container App.

* \`delete\` - (Defaults to 30 minutes) Used when deleting the Container App.

## Import

\`\`\`shell
terraform import azurerm_container_app.example "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/resGroup1/providers/Microsoft.App/containerApps/myContainerApp"
\`\`\`
`;

describe("reading an azurerm doc page", () => {
  const schema = resourceSchema(parseArgumentReference(PAGE));

  it("nests block sections under the arguments that name them, marking what the docs call (Required)", () => {
    expect(schema.arguments).toEqual({ name: "required" });
    expect(schema.blocks.template).toEqual({
      required: true,
      arguments: { max_replicas: "optional" },
      blocks: { container: { required: true, arguments: { image: "required" }, blocks: {} } },
    });
  });

  it("keeps an argument that shares a block's name an argument", () => {
    expect(schema.blocks.identity).toEqual({ required: false, arguments: { type: "required" }, blocks: {} });
    expect(schema.blocks.registry?.arguments).toEqual({ identity: "optional" });
  });

  it("reads the timeouts block, and takes the API provider from the import ID when no section lists it", () => {
    expect(schema.blocks.timeouts).toEqual({ required: false, arguments: { create: "optional", delete: "optional" }, blocks: {} });
    expect(schema.api_providers).toEqual(["Microsoft.App"]);
  });

  it("prefers the API Providers section", () => {
    const listed = `${PAGE}\n## API Providers\n\nThis resource uses the following Azure API Providers:\n\n* \`Microsoft.App\` - 2025-07-01\n* \`Microsoft.OperationalInsights\` - 2020-08-01\n`;
    expect(parseArgumentReference(listed).apiProviders).toEqual(["Microsoft.App", "Microsoft.OperationalInsights"]);
  });
});

describe("reading a section that says what a block configures", () => {
  // As website/docs/r/cosmosdb_account.html.markdown words it in hashicorp/terraform-provider-azurerm v4.81.0.
  const page = [
    "## Arguments Reference",
    "",
    "* `capabilities` - (Optional) The capabilities which should be enabled for this Cosmos DB account. Value is a `capabilities` block as defined below.",
    "",
    "* `geo_location` - (Required) Used to define which geo locations this Cosmos DB account should be replicated to. A `geo_location` block as defined below.",
    "",
    "---",
    "",
    "A `geo_location` block supports the following:",
    "",
    "* `location` - (Required) The name of the Azure region to host replicated data.",
    "",
    "---",
    "",
    "A `capabilities` block Configures the capabilities to be enabled for this Cosmos DB account:",
    "",
    "* `name` - (Required) The capability to enable.",
  ].join("\n");

  it("gives the block its own arguments, not the previous section's", () => {
    const schema = resourceSchema(parseArgumentReference(page));
    expect(schema.blocks.capabilities?.arguments).toEqual({ name: "required" });
    expect(schema.blocks.geo_location?.arguments).toEqual({ location: "required" });
  });
});
