import type { GitHub } from "../adapters/github/github-client.js";
import { authorizeCommand, type CommandDecision, type CommandRequest } from "../commands/authorize-command.js";
import type { EnvironmentPolicy } from "../config/config-schema.js";
import type { Repository } from "../environment/derive-environment.js";
import { lookUpActor } from "./look-up-actor.js";

/**
 * Whether a Retry press may redo what a push or a branch deletion started: the rule of
 * `/envbranch plan` (`write`, or an approver), as pushing or deleting a branch needs write access too.
 */
export async function authorizeRetry(
  octokit: GitHub,
  repository: Repository & { isOrganization: boolean },
  policy: EnvironmentPolicy,
  actor: { login: string; type: "User" | "Bot" },
  change: CommandRequest["pullRequest"],
): Promise<CommandDecision> {
  const { permission, teams } = await lookUpActor(octokit, repository, policy, actor.login, true);
  return authorizeCommand({ command: "plan", actor: { ...actor, permission, teams }, pullRequest: change, policy, plan: null, trigger: "button" });
}
