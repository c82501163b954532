import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "@cdktf/hcl2json";

export const TEMPLATES_DIR = fileURLToPath(new URL("../../../terraform-templates/", import.meta.url));
export const STACKS = ["app-service", "container-apps"] as const;
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
}

/** Parses every `.tf` file of a stack with @cdktf/hcl2json. */
export async function loadStack(stack: StackName): Promise<Stack> {
  const dir = `${TEMPLATES_DIR}${stack}/`;
  const files = readdirSync(dir).filter((f) => f.endsWith(".tf"));
  const loaded: Stack = { files, terraform: [], resources: [], data: [], providers: {}, variables: {}, outputs: {}, locals: {} };
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
  }
  return loaded;
}
