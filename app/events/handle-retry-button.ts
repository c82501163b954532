import type { Context } from "probot";
import { createCheckRun } from "../adapters/github/check-runs.js";
import { externalIds, parseRunKey, retryRequestedName } from "../decisions/run-identity.js";
import { readProgress } from "../decisions/run-progress.js";
import { eventLog } from "../logging/event-log.js";
import { gatherButtonFacts } from "./gather-button-facts.js";
import { reportErrors } from "./report-errors.js";
import { retryRun } from "./retry-run.js";

/**
 * Retry on the check run of a push's run that an error stopped before it started: the run is started
 * again in that check run, if the presser may (retry-run). The answer goes into a check run of its own.
 */
export async function handleRetryButton(context: Context<"check_run.requested_action">): Promise<void> {
  const { payload } = context;
  const owner = payload.repository.owner?.login;
  const checkRun = payload.check_run;
  const key = parseRunKey(checkRun.external_id ?? "");
  const progress = readProgress(checkRun.output?.summary ?? "");
  const branch = checkRun.check_suite?.head_branch;
  // Only a push's run offers Retry: its record holds the push it started from.
  if (!owner || !key || !branch || progress?.before === undefined || progress.pullRequest !== undefined) return;
  const repository = { owner, name: payload.repository.name, isOrganization: payload.repository.owner?.type === "Organization" };
  const repo = { owner, repo: repository.name };
  const login = payload.sender.login;

  await reportErrors(eventLog(context, payload.repository.full_name), async (setTarget) => {
    setTarget({ octokit: context.octokit, repo, sha: checkRun.head_sha, name: checkRun.name, externalId: externalIds.button(checkRun.id) });
    const facts = await gatherButtonFacts(context, repository, branch, checkRun.name);
    if (!facts || facts.environment.slug !== key.slug) return;
    const log = eventLog(context, payload.repository.full_name, facts.environment.githubEnvironment);
    const run = { sha: key.sha, action: key.action, before: progress.before ?? key.sha, author: progress.author ?? "" };
    const actor = { login, type: payload.sender.type === "Bot" ? ("Bot" as const) : ("User" as const) };
    const answer = await retryRun({ octokit: context.octokit, log, repository, config: facts.config, environment: facts.environment, run, actor, head: facts.head });
    const refused = answer.kind === "refused";
    const content = { conclusion: refused ? ("failure" as const) : ("neutral" as const), title: refused ? `Retry refused for @${login}` : `Retry requested by @${login}`, summary: answer.text };
    await createCheckRun(context.octokit, repo, checkRun.head_sha, retryRequestedName(checkRun.name), externalIds.retryPress(checkRun.id, login), content);
  });
}
