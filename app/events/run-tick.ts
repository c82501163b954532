import { findLatestDeployment } from "../adapters/github/deployments.js";
import type { GitHub } from "../adapters/github/github-client.js";
import type { AppDeps } from "../app-deps.js";
import { authorizeCommand } from "../commands/authorize-command.js";
import type { RepoConfig } from "../config/parse-config.js";
import { authorizeDestroyTick } from "../decisions/authorize-destroy-tick.js";
import type { Tick } from "../decisions/dashboard-ticks.js";
import type { EnvironmentRecord } from "../decisions/environments-model.js";
import { deriveEnvironment, type Environment, type Repository } from "../environment/derive-environment.js";
import type { Log } from "../logging/event-log.js";
import type { StartRunOutcome } from "../runs/run-request.js";
import { startRun } from "../runs/start-run.js";
import { inlineCode } from "../templates/markdown.js";
import { destroyEnvironment } from "./destroy-environment.js";
import { lookUpActor } from "./look-up-actor.js";

/** One ticked box to carry out: the environment as the app just rendered it, and who ticked it. */
export interface TickInput {
  octokit: GitHub;
  log: Log;
  deps: AppDeps;
  repository: Repository & { isOrganization: boolean; defaultBranch: string };
  config: RepoConfig;
  record: EnvironmentRecord;
  tick: Tick;
  actor: { login: string; type: string };
}

/**
 * Carries out a ticked box with the ticker's own permission and says what came of it: refused (and
 * why), or the run started or skipped. A run is started through the runs service without forcing, so
 * a redelivered edit finds the first delivery's run under the same key and starts none.
 */
export async function runTick(input: TickInput): Promise<string> {
  const { actor, record } = input;
  if (input.actor.type !== "User" || actor.login.toLowerCase().endsWith("[bot]")) {
    return `Not done: envbranch takes commands only from people and ${actor.login} is not one, so a person must tick the box.`;
  }
  const derived = deriveEnvironment(record.branch, input.config, input.repository);
  if (!derived.ok || record.head === null) return `Not done: ${inlineCode(record.branch)} is no longer a live environment branch.`;
  return input.tick.command === "plan" ? await planNow(input, derived.environment, record.head) : await destroyNow(input, derived.environment);
}

/** `plan now`: authorised exactly as `/envbranch plan` is, then a plan of the branch's head. */
async function planNow(input: TickInput, environment: Environment, head: string): Promise<string> {
  const { octokit, actor, record } = input;
  const { permission, teams } = await lookUpActor(octokit, input.repository, environment.policy, actor.login, true);
  const decision = authorizeCommand({
    command: "plan",
    actor: { login: actor.login, type: "User", permission, teams },
    pullRequest: { number: null, author: record.pusher ?? "", headSha: head, fromFork: false, open: true },
    policy: environment.policy,
    plan: null,
    trigger: "button",
  });
  if (!decision.allowed) return refused(input, decision.reason);
  const outcome = await startRun({ ...common(input, environment), action: "plan", sha: head, dispatchRef: record.branch });
  return describe(outcome, `Planning ${inlineCode(head.slice(0, 7))} against ${inlineCode(environment.githubEnvironment)}.`);
}

/** `destroy`: authorised as deleting the branch would be (authorizeDestroyTick), then destroyed as a deleted branch is. */
async function destroyNow(input: TickInput, environment: Environment): Promise<string> {
  const { octokit, actor, record } = input;
  const repo = { owner: input.repository.owner, repo: input.repository.name };
  const [{ permission }, branch, rules, latest] = await Promise.all([
    lookUpActor(octokit, input.repository, environment.policy, actor.login, false),
    octokit.rest.repos.getBranch({ ...repo, branch: record.branch }),
    octokit.paginate(octokit.rest.repos.getBranchRules, { ...repo, branch: record.branch, per_page: 100 }),
    findLatestDeployment(octokit, repo, environment.githubEnvironment),
  ]);
  const decision = authorizeDestroyTick({
    actor: { login: actor.login, permission },
    branch: record.branch,
    deletionRestricted: branch.data.protected || rules.some((rule) => rule.type === "deletion"),
    latest: latest ? { sha: latest.sha, branch: latest.branch } : null,
  });
  if (!decision.allowed) return refused(input, decision.reason);
  const outcome = await destroyEnvironment({ ...common(input, environment), deps: input.deps, sha: decision.sha, defaultBranch: input.repository.defaultBranch });
  return describe(
    outcome,
    `Destroying ${inlineCode(environment.githubEnvironment)} at its deployed commit ${inlineCode(decision.sha.slice(0, 7))}, as deleting its branch would. The branch stays: its next push creates the environment again, so delete it to keep the environment gone.`,
  );
}

function common(input: TickInput, environment: Environment) {
  return { octokit: input.octokit, log: input.log, repository: { owner: input.repository.owner, name: input.repository.name }, config: input.config, environment };
}

function refused(input: TickInput, reason: string): string {
  input.log.info({ command: input.tick.command, actor: input.actor.login, environment: input.record.githubEnvironment }, `dashboard tick refused: ${reason}`);
  return `Not done: ${reason}`;
}

function describe(outcome: StartRunOutcome, started: string): string {
  switch (outcome.kind) {
    case "dispatched":
      return outcome.run.runUrl ? `${started} [Workflow run](${outcome.run.runUrl}).` : started;
    case "skipped":
      return `Nothing new to do: ${outcome.reason}.`;
    case "dispatch-failed":
      return `Could not start it: ${outcome.reason}`;
  }
}
