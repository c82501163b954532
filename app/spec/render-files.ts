import { canonicalJson } from "./canonical-json.js";
import type { Spec } from "./spec-schema.js";

/** The file names the runner writes into the stack directory. */
export const BACKEND_FILE = "envbranch.azurerm.tfbackend";
export const VARIABLES_FILE = "envbranch.auto.tfvars.json";

/** The rendered files of a spec, by name. Shown in the check run and written by the runner. */
export function renderFiles(spec: Spec): Record<string, string> {
  return {
    [BACKEND_FILE]: renderBackendFile(spec),
    [VARIABLES_FILE]: `${canonicalJson(spec.terraform.variables)}\n`,
  };
}

/** The partial backend config in Terraform's `-backend-config=FILE` syntax, keys sorted. */
export function renderBackendFile(spec: Spec): string {
  const entries = Object.entries(spec.terraform.backend).sort(([a], [b]) => a.localeCompare(b));
  return entries.map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join("\n") + "\n";
}
