import { describe, expect, it } from "vitest";
import { checkAgainstDocs, loadAzurermDocs, RESOURCE_META_ARGUMENTS } from "./support/check-against-docs.js";
import { loadModuleTree, loadStack, moduleDirs, STACKS, type Block, type Stack } from "./support/terraform-stack.js";
import { loadWorkflow } from "./support/workflow.js";

// Checked against what hashicorp/terraform-provider-azurerm's own docs say at each committed release
// (test/fixtures/azurerm-docs/, written by scripts/extract-azurerm-docs.ts): the release each stack's
// `~> 4.N` pin starts at, and the newest 4.x when the fixtures were made, which `terraform init` picks.
const docs = loadAzurermDocs();
const stacks = await Promise.all(STACKS.map(async (name) => [name, await loadStack(name)] as const));

// A stack's own resources and those of every module it calls (the add-ons), each with where it is.
type Located = { type: string; name: string; body: Block; at: string };
const everything = new Map<Stack, { resources: Located[]; data: Located[] }>();
for (const [name, stack] of stacks) {
  const configurations = [[name, stack] as const, ...[...(await loadModuleTree(stack)).values()].map((module) => [module.dir, module] as const)];
  const located = (pick: (s: Stack) => Stack["resources"]) =>
    configurations.flatMap(([at, configuration]) => pick(configuration).map((item) => ({ ...item, at })));
  everything.set(stack, { resources: located((s) => s.resources), data: located((s) => s.data) });
}
// Terraform's own resources need no provider and have no azurerm docs.
const BUILT_IN = new Set(["terraform_data"]);

/** Every environment variable the workflow template sets, at any level. */
function workflowEnvironment(): Set<string> {
  const workflow = loadWorkflow();
  const jobs = Object.values(workflow.jobs);
  const scopes = [workflow.env, ...jobs.map((job) => job.env), ...jobs.flatMap((job) => job.steps.map((step) => step.env))];
  return new Set(scopes.flatMap((env) => Object.keys(env ?? {})));
}

function providerBlock(stack: Stack): Block {
  const block = stack.providers.azurerm;
  expect(block, "a provider \"azurerm\" block").toBeDefined();
  return block!;
}

function pinnedMinimum(stack: Stack): string {
  const [terraform] = stack.terraform as [Block];
  const [providers] = terraform.required_providers as [Record<string, { version: string }>];
  const pin = /^~> (\d+)\.(\d+)$/.exec(providers.azurerm!.version);
  expect(pin, "azurerm pinned as ~> MAJOR.MINOR").not.toBeNull();
  return `${pin![1]}.${pin![2]}.0`;
}

describe("the configurations checked", () => {
  it("reach every module under terraform-templates/modules from some stack, so that every .tf file is checked", async () => {
    const reached = new Set((await Promise.all(stacks.map(([, stack]) => loadModuleTree(stack)))).flatMap((tree) => [...tree.keys()]));
    expect(moduleDirs().filter((dir) => !reached.has(dir))).toEqual([]);
    expect(reached.size).toBeGreaterThanOrEqual(10);
  });

  it("use no resource type but azurerm's and Terraform's built-in terraform_data", () => {
    const types = [...everything.values()].flatMap(({ resources }) => resources.map((r) => r.type));
    expect(types.filter((type) => !type.startsWith("azurerm_") && !BUILT_IN.has(type))).toEqual([]);
  });
});

describe("the azurerm docs extracts", () => {
  it.each(stacks)("include the release the %s stack's azurerm pin starts at", (_name, stack) => {
    expect(docs.map((d) => d.version)).toContain(pinnedMinimum(stack));
  });
});

describe.each(stacks.flatMap(([name, stack]) => docs.map((fixture) => [name, fixture.version, stack, fixture] as const)))(
  "the %s stack, against the azurerm %s docs",
  (_name, _version, stack, fixture) => {
    it("uses only documented resource types, arguments and blocks, and sets every required one", () => {
      const resources = everything.get(stack)!.resources.filter((r) => !BUILT_IN.has(r.type));
      expect(resources.length).toBeGreaterThan(stack.resources.length);
      const problems = resources.flatMap(({ type, name, body, at }) => {
        const schema = fixture.resources[type];
        if (!schema) return [`resource type ${type} (${at}) is not in the extract (rerun scripts/extract-azurerm-docs.ts)`];
        return checkAgainstDocs(body, schema, `${at}: ${type}.${name}`, { meta: RESOURCE_META_ARGUMENTS });
      });
      expect(problems).toEqual([]);
    });

    it("reads only documented data sources", () => {
      const problems = everything.get(stack)!.data.flatMap(({ type, name, body }) => {
        const schema = fixture.data_sources[type];
        if (!schema) return [`data source ${type} is not in the extract (rerun scripts/extract-azurerm-docs.ts)`];
        return checkAgainstDocs(body, schema, `data.${type}.${name}`, { meta: RESOURCE_META_ARGUMENTS });
      });
      expect(problems).toEqual([]);
    });

    it("configures the provider with documented arguments; a required one left out comes from the workflow's environment", () => {
      const environment = workflowEnvironment();
      const { environment: variables, ...schema } = fixture.provider_block;
      const fromEnvironment = Object.keys(variables).filter((argument) => environment.has(variables[argument]!));
      expect(fromEnvironment).toContain("subscription_id");
      expect(checkAgainstDocs(providerBlock(stack), schema, "provider.azurerm", { meta: ["alias"], fromEnvironment })).toEqual([]);
    });

    it("registers exactly the resource providers its resources call, and no default set", () => {
      const block = providerBlock(stack);
      // Every add-on module is in every stack, so the stack registers what any of them calls.
      const { resources, data } = everything.get(stack)!;
      const types = [...resources.filter((r) => !BUILT_IN.has(r.type)).map((r) => fixture.resources[r.type]), ...data.map((d) => fixture.data_sources[d.type])];
      const called = new Set(types.flatMap((schema) => schema?.api_providers ?? []));
      expect(block.resource_provider_registrations).toBe("none");
      expect([...(block.resource_providers_to_register as string[])].sort()).toEqual([...called].sort());
    });
  },
);

describe("the check against the docs", () => {
  const stack = stacks.find(([name]) => name === "container-apps")![1];
  const app = stack.resources.find((r) => r.type === "azurerm_container_app")!;
  const schema = docs.at(-1)!.resources.azurerm_container_app!;
  const check = (body: Block) => checkAgainstDocs(body, schema, "app", { meta: RESOURCE_META_ARGUMENTS });

  it("accepts the stack's container app as written", () => {
    expect(check(app.body)).toEqual([]);
  });

  it("reports a misspelt argument, a misspelt nested argument, a block written as an argument and a missing required one", () => {
    const [ingress] = app.body.ingress as [Block];
    const { revision_mode: _dropped, ...withoutRevisionMode } = app.body;
    const broken = { ...withoutRevisionMode, revison_mode: "Single", ingress: [{ ...ingress, target_prot: 80 }], template: "x" };
    expect(check(broken).sort()).toEqual([
      "app.ingress.target_prot: no such argument",
      "app.revision_mode: required argument missing",
      "app.revison_mode: no such argument",
      "app.template is a block: write `template { ... }`",
    ]);
  });

  it("checks the content of dynamic blocks", () => {
    const dynamic = { dynamic: { secret: [{ for_each: "${var.secrets}", content: [{ name: "a", valeu: "b" }] }] } };
    expect(check({ ...app.body, ...dynamic })).toEqual(["app.secret.valeu: no such argument"]);
  });
});
