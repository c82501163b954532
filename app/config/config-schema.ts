import { z } from "zod";

/** Azure clouds the app and the workflow can target; the names are Terraform's azurerm `environment` values. */
export const AZURE_CLOUDS = ["public", "china", "usgovernment"] as const;

/** Runtimes the workflow knows how to build and deploy. */
export const APP_RUNTIMES = ["node", "java", "python", "docker"] as const;

/** GitHub repository permission levels, weakest first. */
export const PERMISSIONS = ["read", "triage", "write", "maintain", "admin"] as const;

const uuid = z.string().regex(/^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/, "must be a GUID");

// Project names feed every derived Azure name; 12 characters leave room for a 16-character slug
// inside the strictest rule the stacks use (Container App names, 32 characters).
export const PROJECT_PATTERN = /^[a-z][a-z0-9]{1,11}$/;

/**
 * Keys whose values are versions (`terraform.version`, `runtime_version`, `node_version`, …). YAML reads
 * an unquoted `3.10` as the number 3.1, so a version must be written as a string; parse-config.ts turns
 * a number under such a key into a message that quotes what the file says.
 */
export const VERSION_KEY = /version$/;

/** Terraform variables: a value under a version key must be a string, as in VERSION_KEY. */
const terraformVariables = z
  .record(z.string().regex(/^[a-z_][a-z0-9_]*$/, "must be a Terraform variable name"), z.union([z.string(), z.number(), z.boolean()]))
  .superRefine((variables, context) => {
    for (const [name, value] of Object.entries(variables)) {
      if (VERSION_KEY.test(name) && typeof value === "number") context.addIssue({ code: "custom", path: [name], input: value, message: "a version must be a string" });
    }
  })
  .meta({ patternProperties: { [VERSION_KEY.source]: { type: "string" } } });

const policySchema = z
  .strictObject({
    branch: z.string().min(1).describe("Glob matched against the whole branch name, e.g. `env-prod*`."),
    approval: z
      .enum(["auto", "required"])
      .default("auto")
      .describe("`auto` applies every push; `required` plans and waits for an authorised `/envbranch apply`."),
    applyOn: z
      .enum(["comment", "merge"])
      .default("comment")
      .describe("For approval-required environments: apply on `/envbranch apply`, or when an approved PR is merged."),
    approvers: z
      .strictObject({
        permission: z.enum(PERMISSIONS).default("write").describe("Least repository permission an approver needs."),
        users: z.array(z.string().min(1)).default([]).describe("Logins allowed to approve whatever their permission."),
        teams: z.array(z.string().min(1)).default([]).describe("Team slugs (`org/team` or `team`) whose members may approve."),
      })
      .prefault({}),
    selfApproval: z.boolean().default(false).describe("Whether the author of a pull request may approve its plan."),
  })
  .describe("Policy for the environments whose branch matches `branch`. The first matching policy wins.");

/** The schema of `.github/envbranch.yml`. Every key is optional except where Azure needs a value. */
export const configSchema = z
  .strictObject({
    _extends: z
      .string()
      .regex(/^(?:[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}\/)?[-\w.]{1,100}(?::[-\w./]{1,200})?$/, "must be `repo`, `owner/repo` or `owner/repo:path`")
      .optional()
      .describe("Inherit this file from another repository (Probot's `_extends`: `repo` or `owner/repo:path`)."),
    project: z
      .string()
      .regex(PROJECT_PATTERN, "must be 2-12 lowercase letters and digits, starting with a letter")
      .optional()
      .describe("Short project name used in every Azure name. Defaults to the repository name, normalised."),
    branchPrefix: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,15}$/, "must be lowercase letters, digits and hyphens, at most 16 characters")
      .default("env-")
      .describe("Branches starting with this prefix are environments."),
    workflow: z
      .string()
      .regex(/^[A-Za-z0-9._-]+\.ya?ml$/, "must be a workflow file name in .github/workflows, e.g. envbranch.yml")
      .default("envbranch.yml")
      .describe("The workflow the app dispatches, a file in `.github/workflows/`."),
    azure: z
      .strictObject({
        subscriptionId: uuid.describe("Subscription the environments are created in."),
        tenantId: uuid.describe("Microsoft Entra tenant of the OIDC identity."),
        clientId: uuid.describe("Client id of the app registration or managed identity trusted by OIDC."),
        planClientId: uuid
          .optional()
          .describe(
            "Client id of a read-only identity for plans. Plans run a pull request's Terraform code; with this set they log in as this identity, from the `envbranch-plan` job environment, and never as `clientId`.",
          ),
        location: z.string().regex(/^[a-z0-9]+$/, "must be an Azure region name such as westeurope").default("westeurope"),
        cloud: z.enum(AZURE_CLOUDS).default("public"),
        state: z.strictObject({
          resourceGroup: z.string().regex(/^[-\w._()]{1,90}$/, "must be a valid resource group name"),
          storageAccount: z.string().regex(/^[a-z0-9]{3,24}$/, "must be 3-24 lowercase letters and digits"),
          container: z
            .string()
            .regex(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/, "must be a valid blob container name")
            .default("tfstate"),
          useAzureAdAuth: z
            .boolean()
            .default(true)
            .describe("Authenticate to the state account with Entra ID (OIDC) rather than an access key."),
        }),
      })
      .describe("Where environments live and where their Terraform state is kept."),
    terraform: z
      .strictObject({
        directory: z
          .string()
          .regex(/^(?!\/)(?!.*\.\.)[A-Za-z0-9._/-]+$/, "must be a relative path inside the repository")
          .default("terraform"),
        version: z.string().regex(/^\d+\.\d+\.\d+$/, "must be an exact version such as 1.11.4").default("1.11.4"),
        planRetention: z
          .string()
          .regex(/^[1-9]\d{0,3}[hd]$/, "must be a number of hours or days, e.g. 72h or 7d")
          .default("7d")
          .describe("How long a saved plan may wait for its approval; an older plan is refused at apply and removed."),
        snapshotRetention: z
          .number()
          .int("must be a whole number of snapshots")
          .min(1, "must keep at least one snapshot")
          .max(1000, "must be at most 1000")
          .default(20)
          .describe("How many snapshots of each environment's state to keep; the runner takes one before every change and prunes older ones after a successful run."),
        paths: z
          .array(z.string().min(1))
          .min(1)
          .default(["terraform/**", ".github/envbranch.yml"])
          .describe("Globs; a push that changes none of these skips Terraform and only builds and deploys."),
        variables: terraformVariables
          .default({})
          .describe("Extra Terraform variables passed to every environment; versions (names ending in `version`) are strings."),
      })
      .prefault({}),
    app: z
      .strictObject({
        runtime: z.enum(APP_RUNTIMES).default("node"),
        path: z.string().regex(/^(?!\/)(?!.*\.\.)[A-Za-z0-9._/-]+$/, "must be a relative path inside the repository").default("."),
      })
      .prefault({}),
    environments: z.array(policySchema).default([]).describe("Ordered environment policies; unmatched branches auto-apply."),
    dashboard: z
      .boolean()
      .default(true)
      .describe("Keep one issue labelled `envbranch` listing every environment of the repository, redrawn as they change; `false` writes none."),
  })
  .describe("envbranch configuration, read from `.github/envbranch.yml` on the default branch.");

/** The parsed, defaulted configuration. */
export type Config = z.output<typeof configSchema>;
/** One environment policy after defaults. */
export type EnvironmentPolicy = Config["environments"][number];
