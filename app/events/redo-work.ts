import type { Context } from "probot";
import type { AppDeps } from "../app-deps.js";
import type { RetryWork } from "../decisions/decide-retry.js";
import { environmentOfCheckRun } from "../decisions/run-identity.js";
import type { Log } from "../logging/event-log.js";
import { gatherButtonFacts } from "./gather-button-facts.js";
import { retryDestroy } from "./retry-destroy.js";
import { retryPullRequest, retryPushedApply } from "./retry-command.js";
import { retryPush } from "./retry-push.js";
import { retryRun } from "./retry-run.js";
import type { CommandAnswer } from "./run-command.js";

/** A Retry press: the check run pressed, who pressed it, and the work it offers to redo. */
export interface RedoInput {
  context: Pick<Context, "config" | "octokit">;
  log: Log;
  deps: AppDeps;
  repository: { owner: string; name: string; isOrganization: boolean; defaultBranch: string };
  checkRun: { name: string; branch: string | null };
  actor: { login: string; type: "User" | "Bot" };
  work: RetryWork;
}

/**
 * Redoes the work a Retry press names, each kind authorised exactly as what first asked for it; null
 * when the pressed check run turns out not to be that work's (nothing is answered then).
 */
export async function redoWork(input: RedoInput): Promise<CommandAnswer | null> {
  const { context, work } = input;
  switch (work.kind) {
    case "pull-request":
      return retryPullRequest(input, work);
    case "pushed-apply":
      return retryPushedApply(input, work);
    case "destroy": {
      const githubEnvironment = environmentOfCheckRun(input.checkRun.name);
      return githubEnvironment ? retryDestroy({ ...input, githubEnvironment, run: work }) : null;
    }
    case "push-again":
      return retryPush(input, work);
    case "push": {
      const facts = input.checkRun.branch ? await gatherButtonFacts(context, input.repository, input.checkRun.branch, input.checkRun.name) : null;
      if (!facts || facts.environment.slug !== work.slug) return null;
      const run = { sha: work.sha, action: work.action, before: work.before, author: work.author };
      return retryRun({ octokit: context.octokit, log: input.log, repository: input.repository, config: facts.config, environment: facts.environment, run, actor: input.actor, head: facts.head });
    }
  }
}
