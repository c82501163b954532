import { readHcl, type HclBlock } from "./read-hcl.js";

/** The variables envbranch renders into envbranch.auto.tfvars.json for every environment. */
export const STACK_VARIABLES = ["environment", "project", "location", "tags"] as const;
/** The outputs the workflow and the app read; a Docker app's deploy also needs the registry's. */
export const STACK_OUTPUTS = ["app_name", "url", "resource_group"] as const;
export const REGISTRY_OUTPUTS = ["registry_name", "registry_login_server"] as const;

/**
 * What an existing Terraform stack must change to keep envbranch's stack contract
 * (terraform-templates/README.md, "What every stack must keep"): each finding says what is wrong
 * and what to write instead; none when it keeps it. The files are the `.tf` files of the stack's
 * folder, by path. The tests check the templates against the same contract with the full HCL
 * parser; this check reads only what it can without the provider's docs, so a taggable resource
 * that has no `tags` at all goes unnoticed.
 */
export function checkStackContract(files: Readonly<Record<string, string>>, needsRegistry: boolean): string[] {
  const blocks = Object.entries(files).flatMap(([path, text]) => readHcl(text).blocks.map((block) => ({ path, block })));
  const ofType = (type: string) => blocks.filter(({ block }) => block.type === type);
  const named = (type: string) => new Set(ofType(type).map(({ block }) => block.labels[0]));
  const variables = new Map(ofType("variable").map(({ block }) => [block.labels[0], block]));
  const outputs = named("output");
  const resources = ofType("resource");
  return [
    ...backendFindings(ofType("terraform").flatMap(({ path, block }) => block.blocks.filter((b) => b.type === "backend").map((backend) => ({ path, backend })))),
    ...STACK_VARIABLES.filter((name) => !variables.has(name)).map((name) => `Add \`variable "${name}"\`: envbranch passes it to every run, in envbranch.auto.tfvars.json.`),
    ...tagsTypeFindings(variables.get("tags")),
    ...[...STACK_OUTPUTS, ...(needsRegistry ? REGISTRY_OUTPUTS : [])].filter((name) => !outputs.has(name)).map((name) => `Add \`output "${name}"\`: ${OUTPUT_USES[name]}.`),
    ...resourceFindings(resources),
  ];
}

const OUTPUT_USES: Record<string, string> = {
  app_name: "the workflow deploys the app to it",
  url: "the app shows it on the GitHub deployment",
  resource_group: "the workflow deploys into it",
  registry_name: "a Docker app's deploy pushes its image to this registry",
  registry_login_server: "a Docker app's deploy tags its image with it",
};

function backendFindings(backends: Array<{ path: string; backend: HclBlock }>): string[] {
  if (backends.length === 0) return ['Add `backend "azurerm" {}`, empty, to the `terraform` block: envbranch renders each environment\'s state settings into envbranch.azurerm.tfbackend.'];
  if (backends.length > 1) return [`Keep one backend block: found ${backends.length} (${backends.map(({ path }) => path).join(", ")}).`];
  const [{ path, backend }] = backends as [{ path: string; backend: HclBlock }];
  const kind = backend.labels[0] ?? "";
  if (kind !== "azurerm") return [`Replace \`backend "${kind}"\` in ${path} with an empty \`backend "azurerm" {}\`: envbranch keeps every environment's state in Azure Blob Storage.`];
  const settings = [...Object.keys(backend.attributes), ...backend.blocks.map((b) => b.type)];
  if (settings.length === 0) return [];
  return [`Empty \`backend "azurerm"\` in ${path} (it sets ${settings.join(", ")}): envbranch renders each environment's state account, container and key into envbranch.azurerm.tfbackend.`];
}

function tagsTypeFindings(tags: HclBlock | undefined): string[] {
  if (tags === undefined || tags.attributes.type?.replace(/\s/g, "") === "map(string)") return [];
  return ['Give `variable "tags"` `type = map(string)`: envbranch passes the environment\'s tags as a map of strings.'];
}

// Every resource in the environment's own group, and `tags = var.tags` wherever tags are set:
// envbranch finds, and at the last resort deletes, an environment by its group and tags.
function resourceFindings(resources: Array<{ path: string; block: HclBlock }>): string[] {
  const groups = resources.filter(({ block }) => block.labels[0] === "azurerm_resource_group");
  if (groups.length === 0) return ['Add an `azurerm_resource_group` named "rg-${var.project}-${var.environment}" and put every resource in it: envbranch finds an environment by its group.'];
  return resources.flatMap(({ path, block }) => {
    const address = `${block.labels[0]}.${block.labels[1]}`;
    const tags = block.attributes.tags;
    const group = block.attributes.resource_group_name;
    return [
      ...(tags === undefined && block.labels[0] === "azurerm_resource_group" ? [`Add \`tags = var.tags\` to ${address} in ${path}.`] : []),
      ...(tags !== undefined && tags !== "var.tags" ? [`Set \`tags = var.tags\` on ${address} in ${path} (it has \`${tags}\`): envbranch finds an environment's resources by their tags.`] : []),
      ...(group !== undefined && !/^azurerm_resource_group\.[\w-]+\.name$/.test(group)
        ? [`Put ${address} in ${path} in the stack's resource group (\`resource_group_name = azurerm_resource_group.<name>.name\`, not \`${group}\`).`]
        : []),
    ];
  });
}
