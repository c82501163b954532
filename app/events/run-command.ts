import type { GitHub } from "../adapters/github/github-client.js";
import { listActiveRuns } from "../adapters/github/list-active-runs.js";
import { authorizeCommand, type CommandRequest } from "../commands/authorize-command.js";
import { commandHelp, unknownCommandReply } from "../commands/command-help.js";
import type { EnvironmentCommand } from "../commands/parse-commands.js";
import type { RepoConfig } from "../config/parse-config.js";
import { runsInProgress, type RunInProgress } from "../decisions/runs-in-progress.js";
import type { Environment, Repository } from "../environment/derive-environment.js";
import type { Log } from "../logging/event-log.js";
import { inlineCode } from "../templates/markdown.js";
import { lookUpActor } from "./look-up-actor.js";
import { findPlanRecord, type PlanRecord } from "./plan-record.js";
import { startRun } from "../runs/start-run.js";
import type { StartRunOutcome } from "../runs/run-request.js";

export interface CommandInput {
  octokit: GitHub;
  log: Log;
  repository: Repository;
  /** Whether the repository belongs to an organization (a user's repository has no teams to ask about). */
  ownerIsOrganization: boolean;
  config: RepoConfig;
  environment: Environment;
  command: EnvironmentCommand;
  actor: CommandRequest["actor"] extends infer A ? Omit<A, "permission" | "teams"> : never;
  change: CommandRequest["pullRequest"];
  trigger: CommandRequest["trigger"];
  /** A Retry press: resume the command's run in its own check run rather than starting another. */
  resume?: boolean;
}

/** What a command came to, and the reply that says so: refused, answered (help), or the run started, skipped or not started. */
export interface CommandAnswer {
  kind: "answered" | "refused" | "started" | "skipped" | "failed";
  text: string;
}

/** Runs one `/envbranch` command (or the button) after authorising it; returns what came of it. */
export async function runCommand(input: CommandInput): Promise<CommandAnswer> {
  const { command, environment, policy } = { ...input, policy: input.environment.policy };
  if (command.name === "help") return { kind: "answered", text: commandHelp(policy) };
  if (command.name === "unknown") return { kind: "answered", text: unknownCommandReply(command.text, policy) };
  if (command.name === "apply" && policy.applyOn === "merge" && input.change.number !== null) {
    return refused(`${inlineCode(environment.githubEnvironment)} applies on merge (\`applyOn: merge\`): an approver approves the pull request with a review of its head, and merging it applies the merge commit.`);
  }
  const runnable = { ...input, command: command.name === "unlock" || command.name === "restore" ? command : { name: command.name } };
  const authorised = await authorise(runnable);
  if ("refused" in authorised) return refused(authorised.refused);
  return startCommand(runnable, authorised.plan);
}

/** A command that starts a run, once help and unknown commands are answered. */
type RunnableInput = Omit<CommandInput, "command"> & { command: { name: "plan" | "apply" } | { name: "unlock"; lockId?: string } | { name: "restore"; version: string } };

/**
 * Who may do it is decided before the plan is looked up, so a refused commenter costs no lookup;
 * an apply then needs a successful plan of the head.
 */
async function authorise(input: RunnableInput): Promise<{ refused: string } | { plan: PlanRecord | null }> {
  const { command, environment, policy } = { ...input, policy: input.environment.policy };
  const repo = { owner: input.repository.owner, repo: input.repository.name };
  const lookUp = { ...input.repository, isOrganization: input.ownerIsOrganization };
  const { permission, teams } = await lookUpActor(input.octokit, lookUp, policy, input.actor.login, command.name === "plan" || command.name === "apply");
  const request = { command: command.name, actor: { ...input.actor, permission, teams }, pullRequest: input.change, policy, trigger: input.trigger };
  const who = authorizeCommand({ ...request, plan: { sha: input.change.headSha, status: "success" } });
  const plan = who.allowed && command.name === "apply" ? await findPlanRecord(input.octokit, repo, environment, input.change.headSha) : null;
  const decision = who.allowed ? authorizeCommand({ ...request, plan: plan ? { sha: plan.sha, status: plan.status } : null }) : who;
  if (decision.allowed) return { plan };
  input.log.info({ command: command.name, actor: input.actor.login }, `refused: ${decision.reason}`);
  return { refused: decision.reason };
}

/** Starts the authorised command's run; an unlock without a lock ID first asks GitHub which runs are going. */
async function startCommand(input: RunnableInput, plan: PlanRecord | null): Promise<CommandAnswer> {
  const { command, environment } = input;
  const repo = { owner: input.repository.owner, repo: input.repository.name };
  const common = {
    octokit: input.octokit,
    log: input.log,
    repository: input.repository,
    config: input.config,
    environment,
    ...(input.change.number !== null ? { pullRequest: input.change.number } : {}),
  };
  const sha7 = inlineCode(input.change.headSha.slice(0, 7));
  const env = inlineCode(environment.githubEnvironment);
  switch (command.name) {
    case "plan":
      return describe(await startRun({ ...common, action: "plan", sha: input.change.headSha, dispatchRef: environment.branch, force: !input.resume }), `Planning ${sha7} against ${env}.`);
    case "apply":
      return describe(
        // The pusher is recorded for a push's button, so a Retry press can tell a self-approval too.
        await startRun({ ...common, action: "apply", sha: input.change.headSha, dispatchRef: environment.branch, ...(plan?.savedPlan ? { savedPlan: plan.savedPlan } : {}), ...(input.change.number === null ? { author: input.change.author } : {}) }),
        `Applying exactly the saved plan of ${sha7} to ${env}.`,
      );
    case "restore":
      // No wait for running runs: the restore takes the state's lease itself and fails if a run holds it.
      return describe(
        await startRun({ ...common, action: "restore", sha: input.change.headSha, dispatchRef: environment.branch, force: true, restoreVersion: command.version }),
        `Restoring snapshot ${inlineCode(command.version)} as the state of ${env}, after a snapshot of the current state; the result will say the new serial.`,
      );
    case "unlock": {
      const { lockId } = command;
      // Without a lock ID, only a lock no run can be holding is broken: GitHub says which runs are going.
      if (!lockId) {
        const active = runsInProgress(await listActiveRuns(input.octokit, repo, input.config.workflow), environment.slug);
        if (active.length > 0) return unlockRefusal(env, active);
      }
      return describe(
        await startRun({ ...common, action: "unlock", sha: input.change.headSha, dispatchRef: environment.branch, force: !input.resume, ...(lockId ? { unlockLockId: lockId } : {}) }),
        lockId
          ? `Unlocking the state of ${env} if lock ${inlineCode(lockId)} still holds it; the result will say who held the lock.`
          : `Unlocking the state of ${env}; the result will say who held the lock.`,
      );
    }
  }
}

/** Why an unlock without a lock ID is not done while a run of the environment is going, and what to do. */
function unlockRefusal(env: string, active: readonly RunInProgress[]): CommandAnswer {
  const runs = active.map((run) => `[${run.action}](${run.url}) (${run.status.replace("_", " ")})`).join(", ");
  return refused(
    `a run of ${env} is going (${runs}), and it holds the state lock while Terraform works; breaking it now would let two writers at the state. ` +
    "Let the run finish, or cancel it: a cancelled run stops Terraform gracefully and releases the lock. " +
    "If you are sure the lock is left over from a run that is gone, comment `/envbranch unlock <lock ID>` with the lock ID that run's check run or a `state-locked` failure shows: the lease is then freed only if that lock still holds it."
  );
}

function refused(reason: string): CommandAnswer {
  return { kind: "refused", text: `Not done: ${reason}` };
}

function describe(outcome: StartRunOutcome, started: string): CommandAnswer {
  switch (outcome.kind) {
    case "dispatched":
      return { kind: "started", text: outcome.run.runUrl ? `${started} [Workflow run](${outcome.run.runUrl}).` : started };
    case "skipped":
      return { kind: "skipped", text: `Nothing new to do: ${outcome.reason}.` };
    case "dispatch-failed":
      return { kind: "failed", text: `Could not start it: ${outcome.reason}` };
  }
}
