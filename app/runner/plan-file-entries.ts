import { unzipSync } from "fflate";

/**
 * One entry of a saved plan file, or null when it has none. Terraform's plan file is a zip holding
 * `tfplan` (the plan, with the backend it was made against), the state snapshots, the configuration
 * and `.terraform.lock.hcl`, the provider locks it was planned with, which apply must use again.
 */
export function planFileEntry(plan: Uint8Array, name: string): Uint8Array | null {
  try {
    return unzipSync(plan, { filter: (file) => file.name === name })[name] ?? null;
  } catch {
    return null;
  }
}

/** The dependency lock file a plan was made with. */
export const PLAN_LOCK_FILE = ".terraform.lock.hcl";
