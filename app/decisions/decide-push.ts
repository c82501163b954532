import type { DetectedSetup } from "../generator/describe-setup.js";
import type { CheckRunContent } from "../adapters/github/check-runs.js";
import type { ConfigProblem, RepoConfig } from "../config/parse-config.js";
import type { Environment } from "../environment/derive-environment.js";
import { SLUG_MAX_LENGTH } from "../environment/slug.js";
import type { Action } from "../spec/spec-schema.js";
import { namingRules, refusedBranchCheckRun, slugTakenCheckRun } from "../templates/branch-check-runs.js";
import { invalidConfigCheckRun, missingConfigCheckRun } from "../templates/config-check-runs.js";
import { decidePushAction, settleDeploy, type PushCommits } from "./decide-push-action.js";
import { checkRunName, CONFIG_CHECK_RUN, externalIds } from "./run-identity.js";
import { decideSlugOwner } from "./slug-owner.js";

/** The branch prefix when the config cannot say: only its branches hear about a missing or broken config. */
export const DEFAULT_PREFIX = "env-";

/** The push itself, from its webhook. */
export interface PushEvent extends PushCommits {
  branch: string;
  sha: string;
  before: string;
  sender: string;
  configPath: string;
}

/** What GitHub said about a push, read before anything is written; reading stops where a fact settles it. */
export type PushFacts =
  | { kind: "no-config"; config: { status: "missing" } | { status: "invalid"; problems: ConfigProblem[] }; /** What `envbranch init` detects in the commit, for an env-* branch without config. */ detected?: DetectedSetup }
  | { kind: "not-environment" }
  | { kind: "refused-branch"; config: RepoConfig; reason: string; suggestion?: string }
  | {
      kind: "environment";
      config: RepoConfig;
      environment: Environment;
      /** The branch's head now, null when it is gone. */
      head: string | null;
      /** Other live branches giving the same slug, and the branch the environment was last deployed for (read only when there are rivals). */
      rivals: string[];
      deployedBranch: string | null;
      /** The state of the environment's last deployment, read only for an app-only change. */
      lastDeploymentState: string | null;
    };

/** A line for the event's log; `environment` scopes it to the environment. */
export interface LogLine {
  level: "info" | "warn";
  fields: Record<string, unknown>;
  message: string;
  environment?: string;
}

/** What a push comes to: nothing, a check run saying why nothing runs, or the run to start. */
export type PushEffect =
  | { kind: "nothing"; log: LogLine | null }
  | { kind: "check-run"; name: string; externalId: string; content: CheckRunContent; log: LogLine }
  | { kind: "start"; config: RepoConfig; environment: Environment; action: Action; log: LogLine | null };

/** Decides what a push to a branch does, from the push and the facts gathered about it. */
export function decidePush(push: PushEvent, facts: PushFacts): PushEffect {
  const { branch, sha } = push;
  switch (facts.kind) {
    case "no-config": {
      // Without a valid config only the default prefix can say whether this is an environment branch.
      if (!branch.startsWith(DEFAULT_PREFIX)) return { kind: "nothing", log: null };
      const missing = facts.config.status === "missing";
      const content = facts.config.status === "missing" ? missingConfigCheckRun(push.configPath, facts.detected) : invalidConfigCheckRun(push.configPath, facts.config.problems);
      const log: LogLine = { level: "warn", fields: { branch }, message: missing ? "no config; nothing dispatched" : "invalid config; nothing dispatched" };
      return { kind: "check-run", name: CONFIG_CHECK_RUN, externalId: externalIds.config(sha), content, log };
    }
    case "not-environment":
      return { kind: "nothing", log: null };
    case "refused-branch": {
      const content = refusedBranchCheckRun(facts.reason, facts.suggestion, namingRules(facts.config.branchPrefix, SLUG_MAX_LENGTH));
      const log: LogLine = { level: "warn", fields: { branch, reason: facts.reason }, message: "branch refused; nothing dispatched" };
      return { kind: "check-run", name: checkRunName(branch.slice(0, 80)), externalId: externalIds.refused(sha), content, log };
    }
    case "environment":
      return decideEnvironmentPush(push, facts);
  }
}

function decideEnvironmentPush(push: PushEvent, facts: Extract<PushFacts, { kind: "environment" }>): PushEffect {
  const { environment, config } = facts;
  const scope = environment.githubEnvironment;
  if (facts.head !== push.sha) {
    // Deliveries can arrive out of order: only the branch's newest commit is ever dispatched, so an
    // older one can never replace the newer one's pending run in the workflow's concurrency group.
    return { kind: "nothing", log: { level: "info", fields: { head: facts.head }, message: "superseded: the branch has moved on (or is gone); nothing dispatched", environment: scope } };
  }
  const ownership = decideSlugOwner(push.branch, facts.rivals, facts.deployedBranch);
  if (!ownership.ok) {
    const log: LogLine = { level: "warn", fields: { branch: push.branch, owner: ownership.owner }, message: "slug taken by another branch; nothing dispatched", environment: scope };
    return { kind: "check-run", name: checkRunName(scope), externalId: externalIds.collision(push.sha), content: slugTakenCheckRun(push.branch, ownership.owner, environment.slug), log };
  }
  const wanted = decidePushAction(push, config.terraform.paths, environment.policy);
  const action = wanted === "deploy" ? settleDeploy(wanted, environment.policy, facts.lastDeploymentState) : wanted;
  const log: LogLine | null = action !== wanted ? { level: "info", fields: { wanted, action }, message: "the environment's last deployment has not settled; running Terraform too", environment: scope } : null;
  return { kind: "start", config, environment, action, log };
}
