import { readlinkSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadAzurermDocs } from "./support/check-against-docs.js";
import { loadConfiguration, loadStack, moduleDirs, STACKS, TEMPLATES_DIR, type Block, type Stack } from "./support/terraform-stack.js";

// Which resources take tags and a resource group is what the newest azurerm docs list for them.
const docs = loadAzurermDocs().at(-1)!;
const takes = (type: string, argument: string) => argument in (docs.resources[type]?.arguments ?? {});
const isTaggable = (type: string) => takes(type, "tags");
const isInAGroup = (type: string) => type !== "azurerm_resource_group" && takes(type, "resource_group_name");

const stacks = await Promise.all(STACKS.map(async (name) => [name, await loadStack(name)] as const));
const modules = await Promise.all(moduleDirs().map(async (dir) => [dir.replace(TEMPLATES_DIR, ""), await loadConfiguration(dir)] as const));

function resourceGroupOf(stack: Stack): { name: string; body: Block } {
  const groups = stack.resources.filter((r) => r.type === "azurerm_resource_group");
  expect(groups, "exactly one resource group").toHaveLength(1);
  return groups[0]!;
}

describe.each(stacks)("the %s stack", (_name, stack) => {
  it("pins Terraform and the azurerm provider to a major version", () => {
    expect(stack.terraform).toHaveLength(1);
    const [block] = stack.terraform as [Block];
    expect(block.required_version).toMatch(/>= ?1\.\d+\.\d+, ?< ?2\.0\.0/);
    const [providers] = block.required_providers as [Record<string, { source: string; version: string }>];
    expect(providers.azurerm).toEqual({ source: "hashicorp/azurerm", version: expect.stringMatching(/^~> 4\.\d+$/) });
    // Every resource comes from a provider whose version is pinned.
    for (const { type } of stack.resources) expect(Object.keys(providers), type).toContain(type.split("_")[0]);
  });

  it("has an empty azurerm backend, to be completed by the rendered backend config", () => {
    const [block] = stack.terraform as [Block];
    expect(block.backend).toEqual({ azurerm: [{}] });
  });

  it("takes the variables every envbranch stack takes", () => {
    for (const name of ["environment", "project", "location", "tags"]) expect(stack.variables, name).toHaveProperty(name);
    expect(stack.variables.tags?.type).toBe("${map(string)}");
  });

  it("puts every resource in the environment's resource group", () => {
    const group = resourceGroupOf(stack);
    const inGroup = stack.resources.filter((r) => isInAGroup(r.type));
    expect(inGroup.length).toBeGreaterThan(1);
    for (const { type, name, body } of inGroup) {
      expect(body.resource_group_name, `${type}.${name}`).toBe(`\${azurerm_resource_group.${group.name}.name}`);
    }
  });

  it("scopes every role assignment to a resource of the stack", () => {
    for (const { name, body } of stack.resources.filter((r) => r.type === "azurerm_role_assignment")) {
      const scope = /^\$\{(azurerm_\w+)\.(\w+)\.id\}$/.exec(String(body.scope));
      expect(scope, `azurerm_role_assignment.${name}`).not.toBeNull();
      expect(stack.resources.some((r) => r.type === scope![1] && r.name === scope![2])).toBe(true);
    }
  });

  it("puts every located resource in the resource group's region", () => {
    const group = resourceGroupOf(stack);
    expect(group.body.location).toBe("${var.location}");
    for (const { type, name, body } of stack.resources.filter((r) => r.type !== "azurerm_resource_group" && "location" in r.body)) {
      expect(body.location, `${type}.${name}`).toBe(`\${azurerm_resource_group.${group.name}.location}`);
    }
  });

  it("tags every taggable resource with var.tags", () => {
    const taggable = stack.resources.filter((r) => isTaggable(r.type));
    expect(taggable.length).toBeGreaterThan(2);
    for (const { type, name, body } of taggable) expect(body.tags, `${type}.${name}`).toBe("${var.tags}");
  });

  it("names every resource in a group from local.names, where the name limits are checked", () => {
    for (const { type, name, body } of stack.resources.filter((r) => isInAGroup(r.type))) {
      expect(body.name, `${type}.${name}`).toMatch(/^\$\{local\.names\.\w+\}$/);
    }
  });

  it("outputs the app's name, its URL and the resource group", () => {
    const group = resourceGroupOf(stack);
    expect(Object.keys(stack.outputs)).toEqual(expect.arrayContaining(["app_name", "url", "resource_group"]));
    expect(stack.outputs.resource_group?.value).toBe(`\${azurerm_resource_group.${group.name}.name}`);
    expect(String(stack.outputs.url?.value)).toMatch(/^https:\/\/\$\{/);
  });

  it("hands the add-ons its names, resource group, region and tags", () => {
    const group = resourceGroupOf(stack);
    const addons = stack.modules.find((m) => m.name === "addons");
    expect(addons?.dir).toBe(`${TEMPLATES_DIR}modules/addons/`);
    expect(addons!.body).toMatchObject({
      names: "${local.names}",
      resource_group_name: `\${azurerm_resource_group.${group.name}.name}`,
      location: `\${azurerm_resource_group.${group.name}.location}`,
      tags: "${var.tags}",
    });
  });

  it("turns each add-on on with a variable of its own, passed through unchanged", () => {
    const addons = stack.modules.find((m) => m.name === "addons")!;
    for (const toggle of ["database", "database_sku", "cache", "cache_sku", "storage", "storage_replication", "cosmos", "cosmos_serverless", "monitoring", "key_vault"]) {
      expect(stack.variables, toggle).toHaveProperty(toggle);
      expect(addons.body[toggle], toggle).toBe(`\${var.${toggle}}`);
    }
  });
});

describe("the add-on files of the stacks", () => {
  // One file, linked into every stack, as `modules` is: a repository adopting a stack copies it with the links followed.
  it.each(["addons.tf", "addons-naming.tf"])("%s is the shared one in every stack", (file) => {
    for (const stack of STACKS) expect(readlinkSync(`${TEMPLATES_DIR}${stack}/${file}`), stack).toBe(`../shared/${file}`);
  });
});

describe.each(modules)("the %s module", (_dir, module) => {
  it("puts every resource in the resource group it is given, in its region, tagged with the tags it is given", () => {
    for (const { type, name, body } of module.resources) {
      if (isInAGroup(type)) expect(body.resource_group_name, `${type}.${name}`).toBe("${var.resource_group_name}");
      if ("location" in body && type !== "azurerm_cosmosdb_account") expect(body.location, `${type}.${name}`).toBe("${var.location}");
      if (isTaggable(type)) expect(body.tags, `${type}.${name}`).toBe("${var.tags}");
    }
  });

  it("hands every module it calls the resource group, region and tags it was given", () => {
    for (const call of module.modules.filter((m) => m.body.resource_group_name !== undefined)) {
      expect(call.body, call.name).toMatchObject({ resource_group_name: "${var.resource_group_name}", location: "${var.location}", tags: "${var.tags}" });
    }
  });

  it("scopes every role assignment to a resource of the module", () => {
    for (const { name, body } of module.resources.filter((r) => r.type === "azurerm_role_assignment")) {
      const scope = /^\$\{(azurerm_\w+)\.(\w+)\.id\}$/.exec(String(body.scope));
      expect(scope, `azurerm_role_assignment.${name}`).not.toBeNull();
      expect(module.resources.some((r) => r.type === scope![1] && r.name === scope![2])).toBe(true);
    }
  });

  it("outputs a credential only as a sensitive value", () => {
    for (const [name, output] of Object.entries(module.outputs)) {
      if (/password|connection_string|access_key/.test(name)) expect(output.sensitive, name).toBe(true);
    }
  });
});

describe("the app-service stack", () => {
  const stack = stacks.find(([name]) => name === "app-service")![1];

  it("accepts exactly the code runtimes the workflow builds for App Service", () => {
    const [validation] = stack.variables.runtime?.validation as [Block];
    expect(validation.condition).toBe('${contains(["node", "java", "python"], var.runtime)}');
  });

  it("runs a Linux web app on a Linux plan, its stack chosen by the runtime", () => {
    const plan = stack.resources.find((r) => r.type === "azurerm_service_plan");
    expect(plan?.body.os_type).toBe("Linux");
    const app = stack.resources.find((r) => r.type === "azurerm_linux_web_app")!;
    const [siteConfig] = app.body.site_config as [Block];
    const [applicationStack] = siteConfig.application_stack as [Block];
    for (const key of ["node_version", "python_version", "java_version"]) expect(String(applicationStack[key])).toContain("var.runtime ==");
  });
});

describe("the container-apps stack", () => {
  const stack = stacks.find(([name]) => name === "container-apps")![1];
  const find = (type: string) => stack.resources.find((r) => r.type === type)!;

  it("pulls from its registry with a managed identity granted AcrPull on that registry", () => {
    const app = find("azurerm_container_app");
    const identity = find("azurerm_user_assigned_identity");
    const registry = find("azurerm_container_registry");
    const identityId = `\${azurerm_user_assigned_identity.${identity.name}.id}`;
    expect(app.body.identity).toEqual([{ type: "UserAssigned", identity_ids: [identityId] }]);
    expect(app.body.registry).toEqual([{ server: `\${azurerm_container_registry.${registry.name}.login_server}`, identity: identityId }]);
    expect(registry.body.admin_enabled).toBe(false);
    const grant = find("azurerm_role_assignment");
    expect(grant.body).toMatchObject({
      scope: `\${azurerm_container_registry.${registry.name}.id}`,
      role_definition_name: "AcrPull",
      principal_id: `\${azurerm_user_assigned_identity.${identity.name}.principal_id}`,
    });
  });

  it("outputs the registry the workflow pushes to", () => {
    expect(Object.keys(stack.outputs)).toEqual(expect.arrayContaining(["registry_name", "registry_login_server"]));
  });

  it("does not roll a deployed image back to the placeholder on the next apply", () => {
    const [lifecycle] = find("azurerm_container_app").body.lifecycle as [Block];
    expect(lifecycle.ignore_changes).toEqual(["${template[0].container[0].image}"]);
  });
});
