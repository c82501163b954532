import { createHash } from "node:crypto";
import { PACKAGE_VERSION } from "../package-version.js";
import type { RepoConfig } from "../config/parse-config.js";
import type { Environment, Repository } from "../environment/derive-environment.js";
import { canonicalJson } from "./canonical-json.js";
import { durationHours } from "../config/duration.js";
import { ACTIONS, SPEC_VERSION, specSchema, type Action, type SavedPlanRef, type Spec } from "./spec-schema.js";

export interface RenderInput {
  action: Action;
  sha: string;
  environment: Environment;
  config: RepoConfig;
  repository: Repository;
  /** Makes the correlation id unique per dispatch: the id of the run's check run, digits only. */
  nonce: string;
  /** For an approved apply: the saved plan to apply, exactly. */
  savedPlan?: SavedPlanRef;
  /** The pull request a plan is for. */
  pullRequest?: number;
  /** A run of a push: it only proceeds while `sha` is still its branch's head. */
  followsBranch?: boolean;
  /** For unlock: the lock ID the lease must be held by to be freed (`/envbranch unlock <id>`). */
  unlockLockId?: string;
  /** For restore: the snapshot of the state to restore (`/envbranch restore <version>`). */
  restoreVersion?: string;
}

/**
 * The correlation id that ties a dispatch to its workflow run; it appears in the run's name. It
 * carries the nonce (the id of the run's check run) in the clear, so the run's result finds its way
 * back, and a digest of the rest, so two dispatches never share one.
 */
export function correlationIdFor(input: Pick<RenderInput, "action" | "sha" | "environment" | "repository" | "nonce">): string {
  const { slug } = input.environment;
  const digest = createHash("sha256")
    .update([`${input.repository.owner}/${input.repository.name}`, slug, input.sha, input.action, input.nonce].join("\n"))
    .digest("hex")
    .slice(0, 8);
  return `${slug}-${input.action}-${input.nonce}-${digest}`;
}

const CORRELATION_PATTERN = new RegExp(`^([a-z0-9-]+)-(${ACTIONS.join("|")})-(\\d+)-([0-9a-f]{8})$`);

/** Reads a correlation id back: the environment slug, the action and the check run id it names. */
export function parseCorrelationId(id: string): { slug: string; action: Action; checkRunId: number } | null {
  const match = CORRELATION_PATTERN.exec(id);
  if (!match?.[1] || !match[2] || !match[3]) return null;
  return { slug: match[1], action: match[2] as Action, checkRunId: Number(match[3]) };
}

/** Renders the environment spec for one dispatch. Pure: the same input gives the same spec. */
export function renderSpec(input: RenderInput): Spec {
  const { environment: env, config, repository } = input;
  const spec: Spec = {
    version: SPEC_VERSION,
    appVersion: PACKAGE_VERSION,
    correlationId: correlationIdFor(input),
    action: input.action,
    repository: `${repository.owner}/${repository.name}`,
    branch: env.branch,
    sha: input.sha,
    environment: {
      name: env.name,
      slug: env.slug,
      githubEnvironment: env.githubEnvironment,
      resourceGroup: env.resourceGroup,
    },
    terraform: {
      directory: config.terraform.directory,
      version: config.terraform.version,
      backend: {
        resource_group_name: config.azure.state.resourceGroup,
        storage_account_name: config.azure.state.storageAccount,
        container_name: config.azure.state.container,
        key: env.stateKey,
        subscription_id: config.azure.subscriptionId,
        tenant_id: config.azure.tenantId,
        // A plan runs the pull request's Terraform code: with a plan identity it never logs in as the apply identity.
        client_id: input.action === "plan" ? (config.azure.planClientId ?? config.azure.clientId) : config.azure.clientId,
        environment: config.azure.cloud,
        use_oidc: config.azure.state.useAzureAdAuth,
        use_azuread_auth: config.azure.state.useAzureAdAuth,
      },
      variables: {
        // The App Service stack picks its language stack from this; the repo's own variables may override it.
        runtime: config.app.runtime,
        ...config.terraform.variables,
        environment: env.slug,
        project: config.project,
        location: config.azure.location,
        tags: env.tags,
      },
      planRetentionHours: durationHours(config.terraform.planRetention),
      snapshotRetention: config.terraform.snapshotRetention,
      ...(input.savedPlan ? { savedPlan: input.savedPlan } : {}),
    },
    app: { runtime: config.app.runtime, path: config.app.path },
    ...(input.pullRequest !== undefined ? { pullRequest: input.pullRequest } : {}),
    ...(input.followsBranch ? { followsBranch: true } : {}),
    ...(input.unlockLockId ? { unlockLockId: input.unlockLockId } : {}),
    ...(input.restoreVersion ? { restoreVersion: input.restoreVersion } : {}),
  };
  return specSchema.parse(spec);
}

/** The spec as the dispatch input carries it: canonical, compact JSON. */
export function serializeSpec(spec: Spec): string {
  return canonicalJson(spec, 0);
}
