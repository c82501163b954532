import type { Addon } from "./detect-addons.js";
import type { RuntimeDetection } from "./detect-runtime.js";
import type { Detection } from "./repository-files.js";

/** What the generated `.github/envbranch.yml` says, each value with why. */
export interface ConfigChoices {
  project: Detection<string>;
  detected: RuntimeDetection;
  addons: ReadonlyArray<Detection<Addon>>;
  containerPort?: Detection<number>;
  terraformDirectory: Detection<string>;
}

/** The Terraform variable (`terraform.variables`) and value that turn each add-on on. */
const TOGGLES: Record<Addon, [string, string | boolean]> = {
  postgresql: ["database", "postgresql"],
  mysql: ["database", "mysql"],
  sql: ["database", "sql"],
  redis: ["cache", true],
  "blob-storage": ["storage", true],
  "cosmos-mongo": ["cosmos", true],
  monitoring: ["monitoring", true],
  "key-vault": ["key_vault", true],
};

/** The add-on variables left at their defaults, as commented lines a reader can turn on. */
const OFF: Array<[string, string]> = [
  ["database", "database: postgresql # or mysql, sql (Azure SQL); database_sku sizes it"],
  ["cache", "cache: true # Azure Managed Redis"],
  ["storage", "storage: true # a storage account with a blob container"],
  ["cosmos", "cosmos: true # Cosmos DB for MongoDB"],
  ["key_vault", "key_vault: true # a Key Vault even when no add-on needs one"],
];

/** Application Insights is on in every stack unless turned off; said outright, so `variables` is never empty. */
const MONITORING_DEFAULT = { name: "monitoring", value: true, reason: "Application Insights: on in every stack unless set to false" };

/**
 * The commented `.github/envbranch.yml` for what was detected. The Azure values cannot be detected:
 * they are placeholders that parse, and the comments say where the real ones come from.
 */
export function renderConfig(choices: ConfigChoices): string {
  const { detected } = choices;
  const detectedToggles = choices.addons.map(({ value, reason }) => ({ name: TOGGLES[value][0], value: TOGGLES[value][1], reason }));
  const toggles = detectedToggles.some((t) => t.name === "monitoring") ? detectedToggles : [...detectedToggles, MONITORING_DEFAULT];
  const set = new Set(toggles.map((t) => t.name));
  const port = choices.containerPort;
  const directory = choices.terraformDirectory.value;
  return [
    "# envbranch: every branch starting with `env-` gets its own Azure environment, made by the workflow",
    "# .github/workflows/envbranch.yml from the Terraform stack in terraform.directory. Written by",
    "# `envbranch init`; read from the default branch only. The README's \"Configure a repository\" explains",
    "# every key, and the package's schema/envbranch.schema.json gives an editor completion.",
    "",
    "# Every Azure name starts with it: 2-12 lowercase letters and digits.",
    `# ${choices.project.reason}.`,
    `project: ${choices.project.value}`,
    "",
    "# Not detectable: replace the zeros with your subscription, tenant and the apply identity's client id,",
    "# and name the state account you create (the README's \"Set up Azure for the workflow\").",
    "azure:",
    "  subscriptionId: 00000000-0000-0000-0000-000000000000 # az account show --query id -o tsv",
    "  tenantId: 00000000-0000-0000-0000-000000000000 # az account show --query tenantId -o tsv",
    "  clientId: 00000000-0000-0000-0000-000000000000 # the apply identity: az identity show --query clientId",
    "  # planClientId: a read-only identity for plans of pull requests (recommended)",
    "  location: westeurope",
    "  state:",
    "    resourceGroup: rg-tfstate",
    `    storageAccount: st${choices.project.value}tfstate # storage account names are global across Azure: pick yours`,
    "    container: tfstate",
    "",
    "app:",
    `  # ${detected.runtime.reason}.`,
    `  runtime: ${detected.runtime.value}`,
    `  path: ${yamlPath(detected.appPath)}`,
    "",
    "terraform:",
    `  # ${choices.terraformDirectory.reason}.`,
    `  directory: ${yamlPath(directory)}`,
    ...(directory === "terraform" ? [] : [`  paths: [${yamlPath(directory === "." ? "**" : `${directory}/**`)}, .github/envbranch.yml]`]),
    `  # Passed to every environment; the ${detected.stack.value} stack's add-ons (terraform-templates/README.md).`,
    "  variables:",
    ...toggles.flatMap((t) => [`    # ${t.reason}.`, `    ${t.name}: ${t.value}`]),
    ...(port ? [`    # ${port.reason}.`, `    container_port: ${port.value}`] : []),
    ...OFF.filter(([name]) => !set.has(name)).map(([, line]) => `    # ${line}`),
    "",
    "# environments: policies by branch; the first match wins, and unmatched branches apply every push.",
    "#   - branch: env-prod*",
    "#     approval: required # plan, then apply on an authorised /envbranch apply",
    "",
  ].join("\n");
}

// Plain where YAML reads the text back as the same string, quoted (JSON is YAML) otherwise.
function yamlPath(path: string): string {
  return path === "." || (/^[A-Za-z0-9_.][A-Za-z0-9._/-]*$/.test(path) && !/^[0-9.]+$/.test(path)) ? path : JSON.stringify(path);
}
