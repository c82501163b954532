import { z } from "zod";
import { parseJsonWith } from "./parse-json-with.js";
import { APP_RUNTIMES, AZURE_CLOUDS } from "../config/config-schema.js";

/**
 * Bumped whenever a change to the spec would make an older runner misread it. 2: saved plans live in
 * the state storage account (`terraform.savedPlan` names a blob and its hash, not an artifact).
 */
export const SPEC_VERSION = 2;

export const ACTIONS = ["plan", "apply", "deploy", "destroy", "unlock", "restore"] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * A relative path of plain segments (or `.`, the checkout itself): no `..` or `.` segment, nothing absolute. Spec fields used as paths or
 * blob keys come from a dispatch input, and the storage SDK resolves `..` in a key into another blob.
 */
const PLAIN_PATH = /^(?:\.|(?!.*(?:^|\/)\.{1,2}(?:\/|$))[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)*)$/;
const plainPath = (what: string) => z.string().regex(PLAIN_PATH, `must be ${what}: a relative path without \`..\``);

/** A blob snapshot's id: the UTC time Azure took it, to the tenth of a microsecond. */
export const SNAPSHOT_ID = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,7})?Z$/;

/** The partial backend configuration for the stack's empty `backend "azurerm" {}` block. */
export const backendSchema = z.strictObject({
  resource_group_name: z.string().min(1),
  storage_account_name: z.string().regex(/^[a-z0-9]{3,24}$/),
  container_name: z.string().min(3),
  key: plainPath("a blob key").regex(/^[a-z0-9._/-]+\.tfstate$/),
  subscription_id: z.string().min(1),
  tenant_id: z.string().min(1),
  client_id: z.string().min(1),
  environment: z.enum(AZURE_CLOUDS),
  use_oidc: z.boolean(),
  use_azuread_auth: z.boolean(),
});
export type BackendSettings = z.infer<typeof backendSchema>;

/** A saved plan as the app records it and the runner fetches it. */
export const savedPlanSchema = z.strictObject({
  key: plainPath("a blob key").regex(/\.tfplan$/),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type SavedPlanRef = z.infer<typeof savedPlanSchema>;

// Extras are scalars; the index type must also admit the `tags` map.
const variableValue = z.union([z.string(), z.number(), z.boolean(), z.record(z.string(), z.string())]);

/** The Terraform variables file: the four variables every stack takes, and the repo's extras. */
export const variablesSchema = z
  .object({
    environment: z.string().min(1),
    project: z.string().min(1),
    location: z.string().min(1),
    tags: z.record(z.string(), z.string()),
  })
  .catchall(variableValue);
export type TerraformVariables = z.infer<typeof variablesSchema>;

/** The environment spec: everything one dispatched run needs, rendered by the app, read by the runner. */
export const specSchema = z.strictObject({
  version: z.literal(SPEC_VERSION),
  /** The rendering app's package version: a runner that cannot read the spec names it (see app/runner/load-spec.ts). */
  appVersion: z.string().min(1),
  correlationId: z.string().regex(/^[a-z0-9-]{8,64}$/),
  action: z.enum(ACTIONS),
  repository: z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/),
  branch: z.string().min(1),
  sha: z.string().regex(/^[0-9a-f]{40}$/),
  environment: z.strictObject({
    name: z.string().min(1),
    slug: z.string().regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/),
    githubEnvironment: z.string().min(1),
    resourceGroup: z.string().min(1),
  }),
  terraform: z.strictObject({
    directory: plainPath("the stack's directory inside the checkout"),
    version: z.string().min(1),
    backend: backendSchema,
    variables: variablesSchema,
    /** How long a saved plan may wait for its approval; older plans are refused and pruned. */
    planRetentionHours: z.number().int().positive(),
    /**
     * How many of envbranch's snapshots of the state blob to keep (`terraform.snapshotRetention`). An
     * older app's spec lacks it, and the runner then names both versions (a runner mismatch).
     */
    snapshotRetention: z.number().int().positive(),
    /**
     * For `apply` of an approved plan: the saved plan's blob (beside the state) and the sha256 the app
     * recorded when that plan succeeded. The runner applies that blob only if its bytes hash to it.
     */
    savedPlan: savedPlanSchema.optional(),
  }),
  app: z.strictObject({ runtime: z.enum(APP_RUNTIMES), path: plainPath("the app's directory inside the checkout") }),
  /** The pull request a plan is for: its saved plans replace each other as the PR's head moves. */
  pullRequest: z.number().int().positive().optional(),
  /**
   * Set for runs of a push: the run only proceeds while `sha` is still the head of `branch`; a
   * newer push supersedes it. Optional, so SPEC_VERSION stays; but the schema is strict, so runners
   * older than this field reject specs that carry it, which is acceptable because the app and the
   * runner ship together.
   */
  followsBranch: z.boolean().optional(),
  /**
   * For `unlock` given a lock ID (`/envbranch unlock <id>`): the lease is freed only while that lock
   * holds it. Without it the app has found no run of the environment in progress. Optional, as above.
   */
  unlockLockId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/).optional(),
  /** For `restore` (`/envbranch restore <version>`): the snapshot of the state blob to restore. Optional, as above. */
  restoreVersion: z.string().regex(SNAPSHOT_ID, "must be a snapshot id such as 2026-12-02T04:43:02.1234567Z").optional(),
});
export type Spec = z.infer<typeof specSchema>;

/** Parses and validates a spec from its JSON text, naming the first problems when it is not one. */
export function parseSpec(json: string): Spec {
  return parseJsonWith(specSchema, json, "the spec", "is not valid");
}
