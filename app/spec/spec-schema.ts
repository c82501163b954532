import { z } from "zod";
import { parseJsonWith } from "./parse-json-with.js";
import { APP_RUNTIMES, AZURE_CLOUDS } from "../config/config-schema.js";

/** Bumped whenever a change to the spec would make an older runner misread it. */
export const SPEC_VERSION = 1;

export const ACTIONS = ["plan", "apply", "deploy", "destroy", "unlock"] as const;
export type Action = (typeof ACTIONS)[number];

/** The partial backend configuration for the stack's empty `backend "azurerm" {}` block. */
export const backendSchema = z.strictObject({
  resource_group_name: z.string().min(1),
  storage_account_name: z.string().regex(/^[a-z0-9]{3,24}$/),
  container_name: z.string().min(3),
  key: z.string().regex(/^[a-z0-9._/-]+\.tfstate$/),
  subscription_id: z.string().min(1),
  tenant_id: z.string().min(1),
  client_id: z.string().min(1),
  environment: z.enum(AZURE_CLOUDS),
  use_oidc: z.boolean(),
  use_azuread_auth: z.boolean(),
});
export type BackendSettings = z.infer<typeof backendSchema>;

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
    directory: z.string().min(1),
    version: z.string().min(1),
    backend: backendSchema,
    variables: variablesSchema,
    /** For `apply` of an approved plan: the plan run whose saved plan must be applied, and nothing else. */
    savedPlan: z.strictObject({ runId: z.number().int().positive(), artifact: z.string().min(1) }).optional(),
  }),
  app: z.strictObject({ runtime: z.enum(APP_RUNTIMES), path: z.string().min(1) }),
  /**
   * Set for runs of a push: the run only proceeds while `sha` is still the head of `branch`; a
   * newer push supersedes it. Optional, so SPEC_VERSION stays; but the schema is strict, so runners
   * older than this field reject specs that carry it, which is acceptable because the app and the
   * runner ship together.
   */
  followsBranch: z.boolean().optional(),
});
export type Spec = z.infer<typeof specSchema>;

/** Parses and validates a spec from its JSON text, naming the first problems when it is not one. */
export function parseSpec(json: string): Spec {
  return parseJsonWith(specSchema, json, "the spec", "is not valid");
}
