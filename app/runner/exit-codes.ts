import type { FailureKind } from "./result-schema.js";

/**
 * The runner's process exit codes, one per kind of failure, so a workflow step or a script can
 * tell them apart without reading `result.json`. A plan with changes is a success (0); whether
 * there are changes is in the result and in `$GITHUB_OUTPUT` (`has-changes`).
 *
 * | code | kind                  | meaning |
 * | ---- | --------------------- | ------- |
 * | 0    |                       | the action succeeded (or had nothing to do) |
 * | 1    | internal              | a bug in the runner: an error it did not expect |
 * | 2    | usage                 | bad command-line arguments |
 * | 3    | invalid-spec          | the spec (or the local config and branch) is not valid, or the stack directory is missing |
 * | 4    | refused               | apply, destroy or unlock inside GitHub Actions, not triggered by the app's bot |
 * | 5    | runner-mismatch       | the spec is of a version this runner does not read: the workflow's pinned runner and the app differ |
 * | 10   | terraform-missing     | no `terraform` on PATH |
 * | 11   | init-failed           | `terraform init` failed: missing container, no access, network (after retries) |
 * | 12   | state-locked          | another run holds the state blob's lease |
 * | 13   | plan-failed           | `terraform plan` (or `show` of the plan) failed |
 * | 14   | apply-failed          | `terraform apply` failed, possibly half-way; what it did is in the state |
 * | 15   | stale-plan            | the saved plan no longer matches the state: plan again |
 * | 16   | saved-plan-missing    | the saved plan the spec names is not beside the state (superseded or pruned) |
 * | 17   | state-access-failed   | the runner could not read or change the state blob itself (unlock) |
 * | 18   | archive-failed        | destroy succeeded but the state could not be archived; it was kept |
 * | 19   | terraform-failed      | another terraform command failed (`version`, `output`) |
 * | 20   | cancelled             | SIGINT or SIGTERM: Terraform was stopped gracefully, no further step ran |
 * | 21   | terraform-crashed     | Terraform was killed by a signal (or exited 137: the OOM killer) |
 * | 22   | saved-plan-rejected   | the saved plan is not the approved one (hash), not this environment's or commit's, or too old |
 * | 30   |                       | `envbranch doctor`: a check failed |
 */
export const EXIT_CODES: Readonly<Record<FailureKind, number>> = {
  internal: 1,
  usage: 2,
  "invalid-spec": 3,
  refused: 4,
  "runner-mismatch": 5,
  "terraform-missing": 10,
  "init-failed": 11,
  "state-locked": 12,
  "plan-failed": 13,
  "apply-failed": 14,
  "stale-plan": 15,
  "saved-plan-missing": 16,
  "state-access-failed": 17,
  "archive-failed": 18,
  "terraform-failed": 19,
  cancelled: 20,
  "terraform-crashed": 21,
  "saved-plan-rejected": 22,
};

/** The exit code of a successful run. */
export const EXIT_OK = 0;

/** `envbranch doctor`'s exit code when a check failed: not a run's failure, so no FailureKind. */
export const EXIT_CHECKS_FAILED = 30;
