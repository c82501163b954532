import picomatch from "picomatch";
import type { EnvironmentPolicy } from "../config/config-schema.js";
import type { Action } from "../spec/spec-schema.js";

/** The commit list of a push, as its webhook carries it. */
export interface PushCommits {
  created: boolean;
  forced: boolean;
  commits: ReadonlyArray<{ added?: readonly string[]; removed?: readonly string[]; modified?: readonly string[] }>;
}

// GitHub puts at most this many commits in a push webhook; a full list may be a cut one.
export const PUSH_COMMIT_LIMIT = 2048;

/** Whether a push changes anything under the Terraform paths, erring towards yes when unsure. */
export function pushNeedsTerraform(push: PushCommits, terraformPaths: readonly string[]): boolean {
  // A new branch has no environment yet; a forced or cut list may hide changes.
  if (push.created || push.forced || push.commits.length === 0 || push.commits.length >= PUSH_COMMIT_LIMIT) return true;
  const matches = picomatch([...terraformPaths], { dot: true });
  return push.commits.some((c) => [...(c.added ?? []), ...(c.removed ?? []), ...(c.modified ?? [])].some((file) => matches(file)));
}

/**
 * What a push to an environment branch dispatches: `deploy` when Terraform has nothing to do,
 * otherwise `apply`, or `plan` where the environment's policy wants an approval first.
 */
export function decidePushAction(push: PushCommits, terraformPaths: readonly string[], policy: EnvironmentPolicy): Action {
  if (!pushNeedsTerraform(push, terraformPaths)) return "deploy";
  return policy.approval === "required" ? "plan" : "apply";
}

/**
 * A `deploy` replaces a pending run of the environment in the workflow's concurrency group, so it
 * is only safe once the environment's last deployment has settled successfully. Otherwise an earlier
 * commit's Terraform change may still be waiting; the push is applied (or planned) instead, which
 * covers that change too because the newest commit contains it.
 */
export function settleDeploy(action: Action, policy: EnvironmentPolicy, lastDeploymentState: string | null): Action {
  if (action !== "deploy" || lastDeploymentState === "success") return action;
  return policy.approval === "required" ? "plan" : "apply";
}
