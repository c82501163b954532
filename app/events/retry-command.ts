import type { Context } from "probot";
import { checkRunName, SETUP_CHECK_RUN } from "../decisions/run-identity.js";
import type { RetryWork } from "../decisions/decide-retry.js";
import type { Log } from "../logging/event-log.js";
import { inlineCode } from "../templates/markdown.js";
import { gatherButtonFacts } from "./gather-button-facts.js";
import { pullRequestEnvironment, pullRequestFacts } from "./pull-request-environment.js";
import { runCommand, type CommandAnswer, type CommandInput } from "./run-command.js";

/** A press of Retry on a command's check run: what was pressed, and by whom. */
export interface CommandRetry {
  context: Pick<Context, "config" | "octokit">;
  log: Log;
  repository: { owner: string; name: string; isOrganization: boolean };
  checkRun: { name: string; branch: string | null };
  actor: CommandInput["actor"];
}

/**
 * A pull request's plan or command, run again as that command (`/envbranch plan` for the plan a
 * push to the pull request started) with everything runCommand checks, on the pull request as it is
 * now: its head must still be the commit the stopped run was for. The run resumes in its check run.
 */
export async function retryPullRequest(input: CommandRetry, work: Extract<RetryWork, { kind: "pull-request" }>): Promise<CommandAnswer | null> {
  const { context, repository } = input;
  const repo = { owner: repository.owner, repo: repository.name };
  const pr = pullRequestFacts((await context.octokit.rest.pulls.get({ ...repo, pull_number: work.number })).data);
  const target = await pullRequestEnvironment(context, repository, pr.baseRef);
  if (!target.ok) return { kind: "refused", text: `Not done: pull request #${pr.number} has no environment now: ${target.reason}.` };
  if (input.checkRun.name !== SETUP_CHECK_RUN && input.checkRun.name !== checkRunName(target.environment.githubEnvironment)) return null;
  if (pr.headSha !== work.sha) return { kind: "skipped", text: `Nothing to retry: pull request #${pr.number} has moved on to ${inlineCode(pr.headSha.slice(0, 7))}; comment the command again for it.` };
  const command = work.command === "unlock" ? { name: "unlock" as const, ...(work.lockId ? { lockId: work.lockId } : {}) } : { name: work.command };
  const change = { number: pr.number, author: pr.author, headSha: pr.headSha, fromFork: pr.fromFork, open: pr.open };
  return runCommand({ octokit: context.octokit, log: input.log, actor: input.actor, repository, ownerIsOrganization: repository.isOrganization, config: target.config, environment: target.environment, command, change, trigger: "button", resume: true });
}

/** The apply an "Apply this plan" press started, run again as that press would be, with the pusher on record. */
export async function retryPushedApply(input: CommandRetry, work: Extract<RetryWork, { kind: "pushed-apply" }>): Promise<CommandAnswer | null> {
  if (!input.checkRun.branch) return null;
  const facts = await gatherButtonFacts(input.context, input.repository, input.checkRun.branch, input.checkRun.name);
  if (!facts || facts.environment.slug !== work.slug) return null;
  if (facts.head !== null && facts.head !== work.sha) return { kind: "skipped", text: `Nothing to retry: the branch has moved on to ${inlineCode(facts.head.slice(0, 7))}; apply its own plan instead.` };
  const change = { number: null, author: work.author, headSha: work.sha, fromFork: false, open: facts.head !== null };
  return runCommand({ octokit: input.context.octokit, log: input.log, actor: input.actor, repository: input.repository, ownerIsOrganization: input.repository.isOrganization, config: facts.config, environment: facts.environment, command: { name: "apply" }, change, trigger: "button", resume: true });
}
