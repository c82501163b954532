import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { sampleSpec } from "./support/sample-spec.js";
import { skipWithoutTerraform, TERRAFORM_ENV } from "./support/terraform-cli.js";
import { loadConfiguration, loadStack, STACKS, TEMPLATES_DIR, type Stack, type StackName } from "./support/terraform-stack.js";

/**
 * Azure's naming rules for the resource types the stacks create, from "Naming rules and restrictions
 * for Azure resources" (learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules),
 * except where noted. `pattern` encodes the valid characters and where they may stand.
 */
const AZURE_NAME_RULES: Record<string, { min: number; max: number; pattern: RegExp; rule: string }> = {
  azurerm_resource_group: {
    min: 1,
    max: 90,
    pattern: /^[-\w.()]*[-\w()]$/,
    rule: "Microsoft.Resources/resourcegroups: alphanumerics, underscores, parentheses, hyphens, periods; can't end in a period",
  },
  azurerm_service_plan: { min: 1, max: 60, pattern: /^[A-Za-z0-9-]+$/, rule: "Microsoft.Web/serverfarms: alphanumerics and hyphens" },
  azurerm_linux_web_app: {
    min: 2,
    max: 60,
    pattern: /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/,
    rule: "Microsoft.Web/sites: alphanumerics and hyphens; can't start or end with a hyphen; globally unique",
  },
  azurerm_log_analytics_workspace: {
    min: 4,
    max: 63,
    pattern: /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/,
    rule: "Microsoft.OperationalInsights/workspaces: alphanumerics and hyphens; start and end with an alphanumeric",
  },
  // Not in the page above; the rule as Azure PSRule's Azure.ContainerApp.EnvNaming and the portal state it.
  azurerm_container_app_environment: {
    min: 2,
    max: 60,
    pattern: /^[a-z](?:[a-z0-9-]*[a-z0-9])?$/,
    rule: "Microsoft.App/managedEnvironments: lowercase letters, digits and hyphens",
  },
  azurerm_container_registry: {
    min: 5,
    max: 50,
    pattern: /^[A-Za-z0-9]+$/,
    rule: "Microsoft.ContainerRegistry/registries: alphanumerics; globally unique",
  },
  azurerm_user_assigned_identity: {
    min: 3,
    max: 128,
    pattern: /^[A-Za-z0-9][\w-]*$/,
    rule: "Microsoft.ManagedIdentity/userAssignedIdentities: alphanumerics, hyphens, underscores; start with a letter or digit",
  },
  azurerm_function_app_flex_consumption: {
    min: 2,
    max: 60,
    pattern: /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/,
    rule: "Microsoft.Web/sites: alphanumerics and hyphens; can't start or end with a hyphen; globally unique",
  },
  azurerm_storage_account: {
    min: 3,
    max: 24,
    pattern: /^[a-z0-9]+$/,
    rule: "Microsoft.Storage/storageAccounts: lowercase letters and numbers; globally unique",
  },
  azurerm_postgresql_flexible_server: {
    min: 3,
    max: 63,
    pattern: /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/,
    rule: "Microsoft.DBforPostgreSQL/flexibleServers: lowercase letters, hyphens and numbers; can't start or end with a hyphen; globally unique",
  },
  azurerm_mysql_flexible_server: {
    min: 3,
    max: 63,
    pattern: /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/,
    rule: "Microsoft.DBforMySQL/flexibleServers: lowercase letters, hyphens and numbers; can't start or end with a hyphen; globally unique",
  },
  azurerm_mssql_server: {
    min: 1,
    max: 63,
    pattern: /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/,
    rule: "Microsoft.Sql/servers: lowercase letters, numbers and hyphens; can't start or end with a hyphen; globally unique",
  },
  azurerm_managed_redis: {
    min: 1,
    max: 60,
    pattern: /^[A-Za-z0-9](?!.*--)(?:[A-Za-z0-9-]*[A-Za-z0-9])?$/,
    rule: "Microsoft.Cache/redisEnterprise: alphanumerics and hyphens; start and end with an alphanumeric; no consecutive hyphens; globally unique",
  },
  azurerm_cosmosdb_account: {
    min: 3,
    max: 44,
    pattern: /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/,
    rule: "Microsoft.DocumentDB/databaseAccounts: lowercase letters, numbers and hyphens; start with a lowercase letter or number; globally unique",
  },
  azurerm_key_vault: {
    min: 3,
    max: 24,
    pattern: /^[A-Za-z](?!.*--)(?:[A-Za-z0-9-]*[A-Za-z0-9])?$/,
    rule: "Microsoft.KeyVault/vaults: alphanumerics and hyphens; start with a letter, end with a letter or digit; no consecutive hyphens; globally unique",
  },
  azurerm_application_insights: {
    min: 1,
    max: 260,
    pattern: /^[^%&\\?/\x00-\x1f]*[^%&\\?/\x00-\x1f. ]$/,
    rule: "Microsoft.Insights/components: no %&\\?/ or control characters; can't end with a space or period",
  },
  // The strictest rule the stacks meet; the az CLI also refuses consecutive hyphens.
  azurerm_container_app: {
    min: 2,
    max: 32,
    pattern: /^[a-z](?!.*--)(?:[a-z0-9-]*[a-z0-9])?$/,
    rule: "Microsoft.App/containerApps: lowercase letters, digits and hyphens; start with a letter, end with an alphanumeric",
  },
};

// The longest names envbranch can derive (project ≤ 12, slug ≤ 16), the shortest, and a slug that starts
// with a digit; slugs are lowercase letters, digits and single hyphens (app/environment/slug.ts).
const CASES = [
  { project: "abcdefghijkl", slug: "abcdefgh-jklmnop" },
  { project: "abcdefghijkl", slug: "abcdefghijklmnop" },
  { project: "ab", slug: "a" },
  { project: "x1", slug: "2-b" },
];

const scratch = mkdtempSync(join(tmpdir(), "envbranch-names-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// Names the modules fix themselves (a database "app", a firewall rule "allow-azure-services") are one
// per server, so only their form is checked here; role assignments have no name of ours, and Key Vault
// secrets are named by the add-ons' fixed keys.
const FIXED_NAME = /^[a-z](?:[a-z-]*[a-z])?$/;
const UNNAMED = new Set(["azurerm_role_assignment", "azurerm_key_vault_secret", "terraform_data"]);

/**
 * Each resource of a stack and of the modules it calls, with the key of local.names its name is: the
 * stack passes local.names to the add-ons, which pass `var.names.KEY` to each module as an argument,
 * which names the module's resource `var.ARGUMENT`.
 */
async function namedResources(stack: Stack): Promise<Array<{ type: string; key: string }>> {
  const named: Array<{ type: string; key: string }> = [];
  const problems: string[] = [];
  const collect = (configuration: Stack, keyOf: (name: string) => string | undefined) => {
    for (const { type, name, body } of configuration.resources.filter((r) => !UNNAMED.has(r.type))) {
      const key = keyOf(String(body.name));
      if (key !== undefined) named.push({ type, key });
      else if (!FIXED_NAME.test(String(body.name))) problems.push(`${configuration.dir} ${type}.${name} is named ${String(body.name)}`);
    }
  };
  collect(stack, (name) => /^\$\{local\.names\.(\w+)\}$/.exec(name)?.[1]);
  for (const addons of stack.modules) {
    expect(addons.body.names).toBe("${local.names}");
    for (const call of (await loadConfiguration(addons.dir)).modules) {
      const keys = new Map<string, string>();
      for (const [argument, value] of Object.entries(call.body)) {
        const key = /^\$\{(?:var\.names\.(\w+)|lookup\(var\.names, "(\w+)", null\))\}$/.exec(String(value));
        if (key) keys.set(argument, (key[1] ?? key[2])!);
      }
      collect(await loadConfiguration(call.dir), (name) => keys.get(/^\$\{var\.(\w+)\}$/.exec(name)?.[1] ?? ""));
    }
  }
  expect(problems).toEqual([]);
  return named;
}

/**
 * A copy of a stack's variables and naming, runnable without providers: `local.subscription_id`
 * (read from azurerm in the real stack) is stubbed, everything else is the stack's own code.
 */
function namingOnlyCopy(stack: StackName): string {
  const dir = mkdtempSync(join(scratch, `${stack}-`));
  for (const file of ["variables.tf", "naming.tf", "addons-naming.tf"]) copyFileSync(join(TEMPLATES_DIR, stack, file), join(dir, file));
  writeFileSync(join(dir, "stub.tf"), 'locals {\n  subscription_id = "11111111-1111-1111-1111-111111111111"\n}\n');
  return dir;
}

function variableArgs(project: string, slug: string): string[] {
  return ["-var", `project=${project}`, "-var", `environment=${slug}`, "-var", "location=westeurope", "-var", "tags={}"];
}

const evaluated = new Map<string, Promise<Record<string, string>>>();

/** `local.names` as real Terraform evaluates it (once per copy, project and slug). */
function evaluateNames(dir: string, project: string, slug: string): Promise<Record<string, string>> {
  const key = [dir, project, slug].join("\n");
  let names = evaluated.get(key);
  if (!names) {
    names = execa("terraform", ["console", ...variableArgs(project, slug)], { cwd: dir, input: "jsonencode(local.names)\n", env: TERRAFORM_ENV }).then(
      ({ stdout }) => JSON.parse(JSON.parse(stdout) as string) as Record<string, string>,
    );
    evaluated.set(key, names);
  }
  return names;
}

describe.skipIf(skipWithoutTerraform("Azure names of the stacks"))("Azure names of the stacks", () => {
  describe.each(STACKS)("the %s stack", (stackName) => {
    const dir = namingOnlyCopy(stackName);

    it.each(CASES)("fits every name into Azure's rules for project $project and slug $slug", async ({ project, slug }) => {
      const names = await evaluateNames(dir, project, slug);
      const named = await namedResources(await loadStack(stackName));
      // The stack's own resources and the eight add-ons' (servers, cache, accounts, vault, Application Insights).
      expect(named.length).toBeGreaterThan(12);
      for (const { type, key } of named) {
        const value = names[key];
        const rule = AZURE_NAME_RULES[type];
        expect(rule, `a naming rule for ${type}`).toBeDefined();
        expect(value, `${type} name`).toBeDefined();
        expect(value!.length, `${type} "${value}" length (${rule!.rule})`).toBeGreaterThanOrEqual(rule!.min);
        expect(value!.length, `${type} "${value}" length (${rule!.rule})`).toBeLessThanOrEqual(rule!.max);
        expect(value, `${type} (${rule!.rule})`).toMatch(rule!.pattern);
      }
    });

    it("names the resource group exactly as the app derives it", async () => {
      for (const { project, slug } of CASES) {
        const { environment } = sampleSpec({ action: "apply", project, branch: `env-${slug}` });
        expect((await evaluateNames(dir, project, slug)).resource_group).toBe(environment.resourceGroup);
      }
    });

    it("keeps global names apart across subscriptions and stable across applies", async () => {
      const first = await evaluateNames(dir, "shop", "alice");
      // A second, independent evaluation (another copy, another terraform process) gives the same names.
      expect(await evaluateNames(namingOnlyCopy(stackName), "shop", "alice")).toEqual(first);
      const other = namingOnlyCopy(stackName);
      writeFileSync(join(other, "stub.tf"), 'locals {\n  subscription_id = "44444444-4444-4444-4444-444444444444"\n}\n');
      const elsewhere = await evaluateNames(other, "shop", "alice");
      const global = { "app-service": ["web_app"], "container-apps": ["container_registry"], functions: ["function_app", "functions_storage"] }[stackName];
      for (const key of [...global, "postgresql_server", "blob_storage", "key_vault", "cosmos_account"]) {
        expect(elsewhere[key], key).not.toBe(first[key]);
      }
      expect(elsewhere.resource_group).toBe(first.resource_group);
    });

    it.each([
      ["a project of 13 characters", "abcdefghijklm", "alice", "The project must be"],
      ["a slug of 17 characters", "shop", "abcdefghijklmnopq", "The environment must be"],
      ["a slug with a double hyphen", "shop", "a--b", "The environment must be"],
    ])("refuses %s", async (_case, project, slug, message) => {
      const result = await execa("terraform", ["plan", "-input=false", "-no-color", ...variableArgs(project, slug)], {
        cwd: dir,
        reject: false,
        env: TERRAFORM_ENV,
      });
      expect(result.exitCode).not.toBe(0);
      expect(result.stderr).toContain(message);
    });
  });
});
