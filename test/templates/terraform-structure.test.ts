import { describe, expect, it } from "vitest";
import { loadStack, STACKS, type Block, type Stack } from "./support/terraform-stack.js";

// Resource types without a `tags` argument in azurerm 4: role assignments are not ARM-taggable.
const NOT_TAGGABLE = new Set(["azurerm_role_assignment"]);
// Resource types that do not live in a resource group: the group itself, and role assignments, which
// live at their scope (checked below to be a resource of the stack).
const NOT_IN_A_GROUP = new Set(["azurerm_resource_group", "azurerm_role_assignment"]);

const stacks = await Promise.all(STACKS.map(async (name) => [name, await loadStack(name)] as const));

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
    const inGroup = stack.resources.filter((r) => !NOT_IN_A_GROUP.has(r.type));
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
    const taggable = stack.resources.filter((r) => !NOT_TAGGABLE.has(r.type));
    expect(taggable.length).toBeGreaterThan(2);
    for (const { type, name, body } of taggable) expect(body.tags, `${type}.${name}`).toBe("${var.tags}");
  });

  it("names every resource from local.names, where the name limits are checked", () => {
    for (const { type, name, body } of stack.resources.filter((r) => r.type !== "azurerm_role_assignment")) {
      expect(body.name, `${type}.${name}`).toMatch(/^\$\{local\.names\.\w+\}$/);
    }
  });

  it("outputs the app's name, its URL and the resource group", () => {
    const group = resourceGroupOf(stack);
    expect(Object.keys(stack.outputs)).toEqual(expect.arrayContaining(["app_name", "url", "resource_group"]));
    expect(stack.outputs.resource_group?.value).toBe(`\${azurerm_resource_group.${group.name}.name}`);
    expect(String(stack.outputs.url?.value)).toMatch(/^https:\/\/\$\{/);
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
