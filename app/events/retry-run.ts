import type { GitHub } from "../adapters/github/github-client.js";
import type { RepoConfig } from "../config/parse-config.js";
import type { Environment, Repository } from "../environment/derive-environment.js";
import type { Log } from "../logging/event-log.js";
import { startRun } from "../runs/start-run.js";
import type { Action } from "../spec/spec-schema.js";
import { inlineCode } from "../templates/markdown.js";
import { authorizeRetry } from "./authorize-retry.js";
import type { CommandAnswer } from "./run-command.js";

/** A press of Retry on a push's run whose start an error stopped, with what its check run records. */
export interface RetryRequest {
  octokit: GitHub;
  log: Log;
  repository: Repository & { isOrganization: boolean };
  config: RepoConfig;
  environment: Environment;
  run: { sha: string; action: Action; before: string; author: string };
  actor: { login: string; type: "User" | "Bot" };
  /** The branch's head now, null when the branch is gone. */
  head: string | null;
}

/**
 * Starts a push's run again, if the presser may (authorize-retry); a commit the branch has moved past
 * is not retried, as its push would not be dispatched either. The run resumes in its own check run.
 */
export async function retryRun(input: RetryRequest): Promise<CommandAnswer> {
  const { environment, run, head } = input;
  const decision = await authorizeRetry(input.octokit, input.repository, environment.policy, input.actor, { number: null, author: run.author, headSha: head ?? run.sha, fromFork: false, open: head !== null });
  if (!decision.allowed) return { kind: "refused", text: `Not done: ${decision.reason}` };
  if (head !== run.sha) return { kind: "skipped", text: `Nothing to retry: the branch has moved on to ${inlineCode((head ?? "").slice(0, 7))}, whose own push runs instead.` };
  const outcome = await startRun({
    octokit: input.octokit,
    log: input.log,
    repository: input.repository,
    config: input.config,
    environment,
    action: run.action,
    sha: run.sha,
    dispatchRef: environment.branch,
    offerApply: run.action === "plan",
    author: run.author,
    push: { before: run.before },
  });
  if (outcome.kind === "dispatched") return { kind: "started", text: `Started ${run.action} of ${inlineCode(run.sha.slice(0, 7))} again${outcome.run.runUrl ? `: [Workflow run](${outcome.run.runUrl})` : ""}.` };
  return outcome.kind === "skipped" ? { kind: "skipped", text: `Nothing to retry: ${outcome.reason}.` } : { kind: "failed", text: `Could not start it: ${outcome.reason}` };
}
