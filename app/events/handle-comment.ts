import type { Context } from "probot";
import type { AppDeps } from "../app-deps.js";
import { parseCommands } from "../commands/parse-commands.js";
import { shouldReadComment } from "../commands/should-read-comment.js";
import { answerCommands } from "./answer-commands.js";
import type { SetTarget } from "./report-errors.js";

/**
 * `/envbranch` commands in a pull request comment: acknowledged with a reaction, each answered with
 * a reply saying what was done or exactly why not. Only new comments by people are read. The
 * commenter is waiting for an answer: an error is replied to them too.
 */
export async function handleComment(context: Context<"issue_comment">, deps: AppDeps, setTarget: SetTarget): Promise<void> {
  const { payload } = context;
  const owner = payload.repository.owner?.login;
  if (!owner || !payload.issue.pull_request) return;
  const event = { action: payload.action, authorType: payload.comment.user?.type ?? "", authorLogin: payload.comment.user?.login ?? "" };
  const commands = parseCommands(payload.comment.body ?? "");
  if (commands.length === 0 || !shouldReadComment({ ...event, appBotLogin: await deps.botLogin() })) return;
  const repository = { owner, name: payload.repository.name };
  const number = payload.issue.number;
  setTarget({ octokit: context.octokit, repo: { owner, repo: repository.name }, issue: number, login: event.authorLogin });
  await answerCommands(context, { repository, number, commentId: payload.comment.id, author: { login: event.authorLogin, type: event.authorType }, commands });
}
