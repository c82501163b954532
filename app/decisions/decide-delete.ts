import type { CheckRunContent } from "../adapters/github/check-runs.js";
import type { ConfigProblem, RepoConfig } from "../config/parse-config.js";
import { deletedWithInvalidConfigCheckRun } from "../templates/config-check-runs.js";
import { checkRunName, externalIds } from "./run-identity.js";
import type { Environment } from "../environment/derive-environment.js";
import type { LogLine } from "./decide-push.js";

/** What GitHub said about a deleted branch, read before anything is written. */
export type DeleteFacts =
  | { kind: "no-config"; status: "missing" }
  /** The default branch's head, where the deleted branch's leftover environment is shown (null for a branch outside the default prefix). */
  | { kind: "invalid-config"; problems: ConfigProblem[]; defaultHead: string | null }
  | { kind: "not-environment" }
  | { kind: "no-environment" }
  | { kind: "environment"; config: RepoConfig; environment: Environment; latest: { sha: string; branch: string | null } | null };

/** What a deleted branch comes to: nothing (with why), or the destroy of the environment's last deployed commit. */
export type DeleteEffect =
  | { kind: "nothing"; log: LogLine | null }
  | { kind: "check-run"; sha: string; name: string; externalId: string; content: CheckRunContent; log: LogLine }
  | { kind: "destroy"; config: RepoConfig; environment: Environment; sha: string };

/** Decides whether deleting `branch` destroys an environment, and which commit's. */
export function decideDelete(branch: string, configPath: string, facts: DeleteFacts): DeleteEffect {
  switch (facts.kind) {
    case "no-config":
      return { kind: "nothing", log: { level: "warn", fields: { branch, config: facts.status }, message: "branch deleted while the config is not usable; nothing destroyed" } };
    case "invalid-config": {
      const log: LogLine = { level: "warn", fields: { branch, config: "invalid" }, message: "branch deleted while the config is not usable; nothing destroyed" };
      if (facts.defaultHead === null) return { kind: "nothing", log };
      const content = deletedWithInvalidConfigCheckRun(branch, configPath, facts.problems);
      return { kind: "check-run", sha: facts.defaultHead, name: checkRunName(branch.slice(0, 80)), externalId: externalIds.deleted(branch.slice(0, 80)), content, log };
    }
    case "not-environment":
      return { kind: "nothing", log: null };
    case "no-environment":
      return { kind: "nothing", log: { level: "info", fields: { branch }, message: "deleted branch never had an environment" } };
    case "environment": {
      const environment = facts.environment.githubEnvironment;
      if (!facts.latest) return { kind: "nothing", log: { level: "info", fields: { branch }, message: "environment was never deployed; nothing to destroy", environment } };
      if (facts.latest.branch !== null && facts.latest.branch !== branch) {
        return { kind: "nothing", log: { level: "info", fields: { branch, owner: facts.latest.branch }, message: "environment belongs to another branch; not destroyed", environment } };
      }
      return { kind: "destroy", config: facts.config, environment: facts.environment, sha: facts.latest.sha };
    }
  }
}
