/**
 * The parts of Terraform's `terraform show -json` plan format that envbranch reads.
 * Everything else in a plan (planned_values, prior_state, configuration, variables) is never
 * needed for a summary, and `variables` holds sensitive values in plain text, so it stays unread.
 */

/** A JSON path as Terraform writes it in `replace_paths`: attribute names, map keys, list indices. */
export type AttributePath = Array<string | number>;

/** The `change` object of a resource change, a drifted resource or an output change. */
export interface PlanChangeJson {
  actions: string[];
  before?: unknown;
  after?: unknown;
  /** `true`, or a structure mirroring `after` with `true` where the value is not yet known. */
  after_unknown?: unknown;
  /** `true`, or a structure mirroring `before` with `true` where the value is sensitive. */
  before_sensitive?: unknown;
  after_sensitive?: unknown;
  replace_paths?: AttributePath[] | null;
  importing?: unknown;
}

/** One element of `resource_changes` or `resource_drift`. */
export interface ResourceChangeJson {
  address: string;
  previous_address?: string | null;
  mode?: string;
  type: string;
  name?: string;
  action_reason?: string | null;
  change: PlanChangeJson;
}

/** A parsed plan: only the members a summary reads are typed; the rest pass through untouched. */
export interface PlanJson {
  format_version?: string;
  terraform_version?: string;
  errored?: boolean;
  complete?: boolean;
  resource_changes?: ResourceChangeJson[] | null;
  resource_drift?: ResourceChangeJson[] | null;
  output_changes?: Record<string, PlanChangeJson> | null;
}
