import { createHash } from "node:crypto";
import type { StoredPlan } from "../adapters/azure/saved-plans.js";
import { isSavedPlanOf } from "../spec/saved-plan-keys.js";
import type { SavedPlanRef, Spec } from "../spec/spec-schema.js";
import { planFileEntry } from "./plan-file-entries.js";

/** The hex sha256 of a saved plan's bytes: what an approval binds to. */
export function sha256Of(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * Why a saved plan must not be applied by this run, or null when it may. Pure: every fact is passed
 * in. The hash binds it to the approved record; the key, the metadata and the backend Terraform
 * recorded inside the plan bind it to this environment and commit (Terraform applies a saved plan
 * to the backend inside it, whatever the run was dispatched for); the age enforces the retention.
 */
export function savedPlanProblem(plan: StoredPlan, ref: SavedPlanRef, spec: Spec, now: Date): string | null {
  const { key } = spec.terraform.backend;
  if (!isSavedPlanOf(key, ref.key)) return `\`${ref.key}\` is not a saved plan of this environment (its plans are kept beside \`${key}\`)`;
  const actual = sha256Of(plan.bytes);
  if (actual !== ref.sha256) return `its sha256 is ${actual}, but the approved plan's is ${ref.sha256}: the blob was changed after it was approved`;
  if (plan.metadata.statekey !== key) return `it was made against the state \`${plan.metadata.statekey ?? "(unknown)"}\`, not \`${key}\``;
  if (plan.metadata.sha !== spec.sha) return `it plans commit ${short(plan.metadata.sha)}, not ${short(spec.sha)}`;
  const tfplan = planFileEntry(plan.bytes, "tfplan");
  if (!tfplan || !Buffer.from(tfplan).includes(Buffer.from(key))) return `Terraform's own record inside it does not name the backend state \`${key}\``;
  const maxAgeMs = spec.terraform.planRetentionHours * 3_600_000;
  if (!plan.createdOn) return "its age is unknown, so its retention cannot be checked";
  const ageMs = now.getTime() - plan.createdOn.getTime();
  if (ageMs > maxAgeMs) return `it is ${hours(ageMs)} old, past the retention of ${spec.terraform.planRetentionHours} h (\`terraform.planRetention\`)`;
  return null;
}

function short(sha: string | undefined): string {
  return sha ? sha.slice(0, 7) : "(unknown)";
}

function hours(ms: number): string {
  return `${Math.floor(ms / 3_600_000)} h`;
}
