import type { Action, Spec } from "../spec/spec-schema.js";
import { readBranchHead, type BranchHead } from "./read-branch-head.js";
import type { RunnerLog } from "./run-terraform.js";

/** Whether a run may go on with its commit, given where its branch is now. */
export type HeadCheck =
  /** The spec does not follow its branch, or the action does not act on the spec's commit. */
  | { kind: "not-asked" }
  | { kind: "current" }
  /** The branch names another commit: this run must change nothing. */
  | { kind: "superseded"; head: string }
  /** The head could not be read; the run goes on, since an unreachable remote must not block deploys. */
  | { kind: "unverified"; note: string };

/** Plan, apply and deploy act on the spec's commit; destroy and unlock act on the environment whatever the branch holds. */
const CHECKED_ACTIONS: ReadonlySet<Action> = new Set(["plan", "apply", "deploy"]);

export interface CheckBranchHeadOptions {
  spec: Spec;
  action: Action;
  workdir: string;
  env: Record<string, string | undefined>;
  log: RunnerLog;
}

/**
 * For a run of a push (`followsBranch`): is its commit still the branch's head? Deliveries of two
 * pushes can race so that the older commit's run starts after the newer one's (test/bursts/ORDERING.md,
 * W1); checking here, just before Terraform, keeps that run from undoing the newer one.
 */
export async function checkBranchHead(options: CheckBranchHeadOptions): Promise<HeadCheck> {
  const { spec, action, log } = options;
  if (spec.followsBranch !== true || !CHECKED_ACTIONS.has(action)) return { kind: "not-asked" };
  const check = decideHeadCheck(spec, await readBranchHead({ cwd: options.workdir, branch: spec.branch, env: options.env }));
  const sha = short(spec.sha);
  if (check.kind === "current") log.info(`${spec.branch} is still at ${sha} on origin; going on`);
  if (check.kind === "superseded") log.info(`${spec.branch} has moved on from ${sha} to ${short(check.head)} on origin; this run is superseded and runs no Terraform`);
  if (check.kind === "unverified") log.info(`${check.note}; going on without the check`);
  return check;
}

/** The decision alone: the head as read against the spec's commit. */
export function decideHeadCheck(spec: Pick<Spec, "sha" | "branch">, head: BranchHead): HeadCheck {
  if (!head.ok) return { kind: "unverified", note: `could not check that ${spec.branch} is still at ${short(spec.sha)} (${head.reason})` };
  return head.sha.toLowerCase() === spec.sha.toLowerCase() ? { kind: "current" } : { kind: "superseded", head: head.sha };
}

function short(sha: string): string {
  return sha.slice(0, 7);
}
