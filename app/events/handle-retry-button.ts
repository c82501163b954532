import type { Context } from "probot";
import { createCheckRun } from "../adapters/github/check-runs.js";
import type { AppDeps } from "../app-deps.js";
import { decideRetry } from "../decisions/decide-retry.js";
import { environmentOfCheckRun, externalIds, retryRequestedName } from "../decisions/run-identity.js";
import { eventLog } from "../logging/event-log.js";
import { redoWork } from "./redo-work.js";
import type { SetTarget } from "./report-errors.js";

/**
 * Retry on a check run whose work an error left undone: a push's run, a pull request's plan or
 * command, a destroy (decideRetry says which); it is done again if the presser may do what it
 * retries (redo-work). The answer goes into a check run of its own.
 */
export async function handleRetryButton(context: Context<"check_run.requested_action">, deps: AppDeps, setTarget: SetTarget): Promise<void> {
  const { payload } = context;
  const owner = payload.repository.owner?.login;
  const checkRun = payload.check_run;
  const work = decideRetry(checkRun.external_id ?? "", checkRun.output?.summary ?? "");
  if (!owner || !work) return;
  const repo = { owner, repo: payload.repository.name };
  const login = payload.sender.login;
  setTarget({ octokit: context.octokit, repo, sha: checkRun.head_sha, name: checkRun.name, externalId: externalIds.button(checkRun.id) });
  const answer = await redoWork({
    context,
    log: eventLog(context, payload.repository.full_name, environmentOfCheckRun(checkRun.name) ?? undefined),
    deps,
    repository: { owner, name: repo.repo, isOrganization: payload.repository.owner?.type === "Organization", defaultBranch: payload.repository.default_branch },
    checkRun: { name: checkRun.name, branch: checkRun.check_suite?.head_branch ?? null },
    actor: { login, type: payload.sender.type === "Bot" ? "Bot" : "User" },
    work,
  });
  if (!answer) return;
  const refused = answer.kind === "refused";
  const content = { conclusion: refused ? ("failure" as const) : ("neutral" as const), title: refused ? `Retry refused for @${login}` : `Retry requested by @${login}`, summary: answer.text };
  await createCheckRun(context.octokit, repo, checkRun.head_sha, retryRequestedName(checkRun.name), externalIds.retryPress(checkRun.id, login), content);
}
