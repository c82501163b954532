import { readdirSync, readFileSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "@cdktf/hcl2json";

export const TEMPLATES_DIR = fileURLToPath(new URL("../../../terraform-templates/", import.meta.url));
export const STACKS = ["app-service", "container-apps", "functions"] as const;
/** The add-on modules every stack calls through ./modules (a link to this folder). */
export const MODULES_DIR = `${TEMPLATES_DIR}modules/`;
export type StackName = (typeof STACKS)[number];

export type Block = Record<string, unknown>;

/** A stack's `.tf` files as hcl2json reads them, merged the way Terraform merges a module's files. */
export interface Stack {
  files: string[];
  terraform: Block[];
  resources: Array<{ type: string; name: string; body: Block }>;
  data: Array<{ type: string; name: string; body: Block }>;
  /** Provider configuration blocks, by provider name. */
  providers: Record<string, Block>;
  variables: Record<string, Block>;
  outputs: Record<string, Block>;
  locals: Block;
  /** `module` blocks, by name, with their `source` resolved to a real directory. */
  modules: Array<{ name: string; dir: string; body: Block }>;
  /** The configuration's directory, links resolved. */
  dir: string;
}

/** Parses every `.tf` file of a stack with @cdktf/hcl2json. */
export function loadStack(stack: StackName): Promise<Stack> {
  return loadConfiguration(`${TEMPLATES_DIR}${stack}/`);
}

/** Parses every `.tf` file of one Terraform configuration (a stack or a module). */
export async function loadConfiguration(path: string): Promise<Stack> {
  const dir = `${realpathSync(path)}/`;
  const files = readdirSync(dir).filter((f) => f.endsWith(".tf"));
  const loaded: Stack = { files, terraform: [], resources: [], data: [], providers: {}, variables: {}, outputs: {}, locals: {}, modules: [], dir };
  for (const file of files) {
    const json = (await parse(file, readFileSync(dir + file, "utf8"))) as Record<string, unknown>;
    loaded.terraform.push(...((json.terraform as Block[] | undefined) ?? []));
    for (const [kind, into] of [["resource", loaded.resources], ["data", loaded.data]] as const) {
      for (const [type, byName] of Object.entries((json[kind] as Record<string, Record<string, Block[]>>) ?? {})) {
        for (const [name, bodies] of Object.entries(byName)) into.push({ type, name, body: bodies[0]! });
      }
    }
    for (const [name, bodies] of Object.entries((json.provider as Record<string, Block[]>) ?? {})) loaded.providers[name] = bodies[0]!;
    for (const [name, bodies] of Object.entries((json.variable as Record<string, Block[]>) ?? {})) loaded.variables[name] = bodies[0]!;
    for (const [name, bodies] of Object.entries((json.output as Record<string, Block[]>) ?? {})) loaded.outputs[name] = bodies[0]!;
    for (const block of (json.locals as Block[] | undefined) ?? []) Object.assign(loaded.locals, block);
    for (const [name, bodies] of Object.entries((json.module as Record<string, Block[]>) ?? {})) {
      loaded.modules.push({ name, dir: `${realpathSync(join(dir, String(bodies[0]!.source)))}/`, body: bodies[0]! });
    }
  }
  return loaded;
}

/** Every module a configuration calls, directly or through other modules, each once, by directory. */
export async function loadModuleTree(root: Stack): Promise<Map<string, Stack>> {
  const tree = new Map<string, Stack>();
  const pending = root.modules.map((call) => call.dir);
  for (let dir = pending.pop(); dir !== undefined; dir = pending.pop()) {
    if (tree.has(dir)) continue;
    const loaded = await loadConfiguration(dir);
    tree.set(dir, loaded);
    pending.push(...loaded.modules.map((call) => call.dir));
  }
  return tree;
}

/** The directories under terraform-templates/modules/, links resolved. */
export function moduleDirs(): string[] {
  return readdirSync(MODULES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `${realpathSync(MODULES_DIR + entry.name)}/`);
}
