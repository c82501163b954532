/**
 * Records what `envbranch doctor` relies on of Resource Manager and Microsoft Graph, from their
 * published descriptions, into test/fixtures/azure-api/doctor-api-shapes.json; test/doctor/api-shapes.test.ts
 * checks doctor's calls (app/doctor/gather/doctor-endpoints.ts) and its mocked answers against it.
 *
 * Resource Manager: the Azure SDK for JavaScript's generated operation specs and mappers (made from
 * the azure-rest-api-specs swagger): each call's path, default api-version and the serialized names
 * of its list items. Graph: the v1.0 CSDL of msgraph-metadata (a bare clone; the fetch tool or
 * `git clone --bare` brings one). Regenerate:
 *
 *   npm pack @azure/arm-msi@2.2.0 @azure/arm-authorization@9.0.0 && tar xzf each into its own folder
 *   npx tsx scripts/extract-doctor-api-shapes.ts --msi <arm-msi>/package --authorization <arm-authorization>/package \
 *     --graph-git-dir <msgraph-metadata>.git
 *
 * (@azure/arm-resources is the project's own dependency, read from node_modules.)
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    msi: { type: "string" },
    authorization: { type: "string" },
    resources: { type: "string", default: "node_modules/@azure/arm-resources" },
    "graph-git-dir": { type: "string" },
    out: { type: "string", default: "test/fixtures/azure-api/doctor-api-shapes.json" },
  },
});
if (!values.msi || !values.authorization || !values["graph-git-dir"]) {
  console.error("usage: npx tsx scripts/extract-doctor-api-shapes.ts --msi DIR --authorization DIR [--resources DIR] --graph-git-dir DIR");
  process.exit(2);
}

interface Mapper {
  serializedName?: string;
  type: { name: string; className?: string; modelProperties?: Record<string, Mapper>; element?: Mapper };
}

/** Where a package keeps its ES modules: dist/esm (newer generators) or dist-esm/src. */
function esmRoot(dir: string): string {
  for (const candidate of ["dist/esm", "dist-esm/src"]) {
    try {
      readFileSync(join(dir, candidate, "models/mappers.js"));
      return join(dir, candidate);
    } catch {
      // not this layout
    }
  }
  throw new Error(`no models/mappers.js under ${dir}`);
}

/** One GET operation of a generated SDK: its path, its api-version and the fields of its list's items. */
async function armCall(packageDir: string, operationFile: string, operation: string) {
  const root = esmRoot(packageDir);
  const { name, version } = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as { name: string; version: string };
  const source = readFileSync(join(root, "operations", operationFile), "utf8");
  const spec = new RegExp(`const ${operation}OperationSpec = \\{\\s*path: "([^"]+)",\\s*httpMethod: "([A-Z]+)",[\\s\\S]*?200: \\{\\s*bodyMapper: Mappers\\.(\\w+)[\\s\\S]*?queryParameters: \\[([^\\]]*)\\]`).exec(source);
  if (!spec) throw new Error(`${name}: no ${operation}OperationSpec in ${operationFile}`);
  const [, path, method, bodyMapper, query] = spec as unknown as [string, string, string, string, string];
  const apiParameter = /Parameters\.(apiVersion\d*)/.exec(query)?.[1];
  const parameters = readFileSync(join(root, "models/parameters.js"), "utf8");
  const apiVersion = new RegExp(`export const ${apiParameter} = \\{[\\s\\S]*?defaultValue: "([^"]+)"`).exec(parameters)?.[1];
  if (!apiVersion) throw new Error(`${name}: no api-version for ${operation}`);
  const mappers = (await import(pathToFileURL(join(root, "models/mappers.js")).href)) as Record<string, Mapper>;
  const list = mappers[bodyMapper]!.type.modelProperties!;
  const item = mappers[list.value!.type.element!.type.className!]!;
  const fields = Object.values(item.type.modelProperties!).map((p) => p.serializedName!).sort();
  return { source: `${name}@${version} ${operationFile} ${operation}`, method, path, apiVersion, pageLink: list.nextLink?.serializedName ?? null, fields };
}

/** Graph v1.0's schema as published in msgraph-metadata. */
function graphSchema(gitDir: string): { commit: string; csdl: string } {
  const git = (...args: string[]) => execFileSync("git", ["--git-dir", gitDir, ...args], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return { commit: git("rev-parse", "HEAD").trim(), csdl: git("show", "HEAD:schemas/v1.0-Prod.csdl") };
}

function entityType(csdl: string, name: string): string {
  const match = new RegExp(`<EntityType Name="${name}"[^>]*>([\\s\\S]*?)</EntityType>`).exec(csdl);
  if (!match) throw new Error(`no EntityType ${name} in the CSDL`);
  return match[0];
}

function properties(entity: string): string[] {
  return [...entity.matchAll(/<Property Name="(\w+)"/g)].map((m) => m[1]!);
}

function alternateKeys(entity: string): string[] {
  return [...entity.matchAll(/<PropertyValue Property="Name" PropertyPath="(\w+)"/g)].map((m) => m[1]!);
}

const { commit, csdl } = graphSchema(values["graph-git-dir"]);
const application = entityType(csdl, "application");
const servicePrincipal = entityType(csdl, "servicePrincipal");
const credential = entityType(csdl, "federatedIdentityCredential");
const navigation = /<NavigationProperty Name="federatedIdentityCredentials" Type="Collection\(graph\.federatedIdentityCredential\)"/.test(application);
// Both derive from directoryObject, and it and federatedIdentityCredential from entity, which holds `id`.
const entityId = properties(entityType(csdl, "entity"));

const fixture = {
  generatedBy: "scripts/extract-doctor-api-shapes.ts",
  resourceManager: {
    userAssignedIdentities: await armCall(values.msi, "userAssignedIdentities.js", "listBySubscription"),
    federatedIdentityCredentials: await armCall(values.msi, "federatedIdentityCredentials.js", "list"),
    roleAssignments: await armCall(values.authorization, "roleAssignments.js", "listForSubscription"),
    providers: await armCall(values.resources, "providers.js", "list"),
  },
  graph: {
    source: `microsoftgraph/msgraph-metadata@${commit} schemas/v1.0-Prod.csdl`,
    applicationFederatedIdentityCredentials: {
      path: navigation && alternateKeys(application).includes("appId") ? "/v1.0/applications(appId='{appId}')/federatedIdentityCredentials" : null,
      pageLink: "@odata.nextLink",
      fields: [...entityId, ...properties(credential)].sort(),
    },
    servicePrincipal: {
      path: alternateKeys(servicePrincipal).includes("appId") ? "/v1.0/servicePrincipals(appId='{appId}')" : null,
      fields: [...entityId, ...properties(servicePrincipal)].sort(),
    },
  },
};
writeFileSync(values.out, `${JSON.stringify(fixture, null, 2)}\n`);
console.log(`wrote ${values.out}`);
