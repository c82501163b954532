import type { Context } from "probot";
import { applyRequestedName, externalIds } from "../decisions/run-identity.js";
import { createCheckRun } from "../adapters/github/check-runs.js";
import { readProgress } from "../decisions/run-progress.js";
import { eventLog } from "../logging/event-log.js";
import { gatherButtonFacts } from "./gather-button-facts.js";
import type { SetTarget } from "./report-errors.js";
import { runCommand } from "./run-command.js";

/**
 * "Apply this plan" on the check run of a direct push's plan: the same authorisation as
 * `/envbranch apply`, with the pusher in the author's place. The answer goes into a check run,
 * because a push has no conversation to reply in.
 */
export async function handleApplyButton(context: Context<"check_run.requested_action">, setTarget: SetTarget): Promise<void> {
  const { payload } = context;
  const owner = payload.repository.owner?.login;
  if (!owner || payload.requested_action?.identifier !== "apply") return;
  const checkRun = payload.check_run;
  const progress = readProgress(checkRun.output?.summary ?? "");
  const branch = checkRun.check_suite?.head_branch;
  if (!progress?.correlationId || !branch || progress.pullRequest !== undefined) return;
  const repository = { owner, name: payload.repository.name };
  const repo = { owner, repo: repository.name };

  setTarget({ octokit: context.octokit, repo, sha: checkRun.head_sha, name: checkRun.name, externalId: externalIds.button(checkRun.id) });
  const facts = await gatherButtonFacts(context, repository, branch, checkRun.name);
  if (!facts) return;
  const { config, environment, head } = facts;
  const answer = await runCommand({
    octokit: context.octokit,
    log: eventLog(context, payload.repository.full_name, environment.githubEnvironment),
    repository,
    ownerIsOrganization: payload.repository.owner?.type === "Organization",
    config,
    environment,
    command: { name: "apply" },
    actor: { login: payload.sender.login, type: payload.sender.type === "Bot" ? "Bot" : "User" },
    change: { number: null, author: progress.author ?? "", headSha: head ?? checkRun.head_sha, fromFork: false, open: head !== null },
    trigger: "button",
  });
  const refused = answer.kind === "refused";
  const title = refused ? `Apply refused for @${payload.sender.login}` : `Apply requested by @${payload.sender.login}`;
  const content = { conclusion: refused ? ("failure" as const) : ("neutral" as const), title, summary: answer.text };
  await createCheckRun(context.octokit, repo, checkRun.head_sha, applyRequestedName(checkRun.name), externalIds.buttonPress(checkRun.id, payload.sender.login), content);
}
