import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { StackFacts } from "../doctor-facts.js";

/**
 * What the stack's top-level `.tf` files say: the provider block's `resource_providers_to_register`
 * (a list of string literals in every envbranch stack) and whether the stack grants roles itself.
 * Modules are left out: add-on modules are counted by their switches (see azure-roles.ts).
 */
export async function readStack(stackDir: string): Promise<StackFacts> {
  const names = (await readdir(stackDir)).filter((name) => name.endsWith(".tf")).sort();
  const texts = await Promise.all(names.map((name) => readFile(join(stackDir, name), "utf8")));
  const source = texts.map(withoutComments).join("\n");
  const list = /\bresource_providers_to_register\s*=\s*\[([^\]]*)\]/.exec(source);
  return {
    providers: list ? [...list[1]!.matchAll(/"([^"]+)"/g)].map((m) => m[1]!) : null,
    declaresRoleAssignments: /\bresource\s+"azurerm_role_assignment"/.test(source),
  };
}

/** HCL without its `#` and `//` line comments, which the stacks use to say why a provider is listed. */
function withoutComments(text: string): string {
  return text.replace(/(^|[^:"])(?:#|\/\/).*$/gm, "$1");
}
