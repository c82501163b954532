import type { Context } from "probot";
import { CONFIG_PATH } from "../adapters/github/load-config.js";
import type { RetryWork } from "../decisions/decide-retry.js";
import { decidePush, type PushEvent } from "../decisions/decide-push.js";
import { inlineCode } from "../templates/markdown.js";
import { gatherPushFacts } from "./gather-push-facts.js";
import { retryRun, type RetryRequest } from "./retry-run.js";
import type { CommandAnswer } from "./run-command.js";

/**
 * Retry on a push an error stopped before its run's check run existed (the config or the branches
 * could not be read): the push is decided again from what GitHub says now, its changed files unknown,
 * so Terraform runs rather than a deploy alone; the run it comes to starts as retryRun starts a push's
 * run, authorised as a push and only while the commit is still the branch's head. A refusal the push
 * comes to now (a config problem, a slug taken) is answered, not written as the push would write it.
 */
export async function retryPush(
  input: Pick<RetryRequest, "log" | "repository" | "actor"> & { context: Pick<Context, "config" | "octokit"> },
  work: Extract<RetryWork, { kind: "push-again" }>,
): Promise<CommandAnswer> {
  const { context, repository } = input;
  const push: PushEvent = { branch: work.branch, sha: work.sha, before: work.before, sender: work.author, configPath: CONFIG_PATH, created: false, forced: false, commits: [] };
  const facts = await gatherPushFacts(context, repository, push, () => undefined);
  const effect = decidePush(push, facts);
  if (effect.kind === "nothing") return { kind: "skipped", text: `Nothing to retry: ${effect.log?.message ?? `${inlineCode(work.branch)} is not an environment branch`}.` };
  if (effect.kind === "check-run") return { kind: "skipped", text: `Nothing started: ${effect.content.title}. Fix that, then push again.` };
  const run = { sha: work.sha, action: effect.action, before: work.before, author: work.author };
  const head = facts.kind === "environment" ? facts.head : null;
  return retryRun({ octokit: context.octokit, log: input.log, repository, config: effect.config, environment: effect.environment, run, actor: input.actor, head });
}
