import type { Context } from "probot";
import type { AppDeps } from "../app-deps.js";
import { parseCommands, type EnvironmentCommand } from "../commands/parse-commands.js";
import { shouldReadComment } from "../commands/should-read-comment.js";
import { answerCommands } from "./answer-commands.js";
import { answerSetup } from "./answer-setup.js";
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
  if (commands.length === 0) return;
  const botLogin = await deps.botLogin();
  if (!shouldReadComment({ ...event, appBotLogin: botLogin })) return;
  // `setup` needs no environment, so it is answered on any pull request, apart from the others.
  const environmentCommands = commands.filter((c): c is EnvironmentCommand => c.name !== "setup");
  const repository = { owner, name: payload.repository.name };
  const number = payload.issue.number;
  setTarget({ octokit: context.octokit, repo: { owner, repo: repository.name }, issue: number, login: event.authorLogin });
  const asked = { repository, number, commentId: payload.comment.id, author: { login: event.authorLogin, type: event.authorType } };
  if (environmentCommands.length < commands.length) await answerSetup(context, { ...asked, botLogin });
  if (environmentCommands.length > 0) await answerCommands(context, { ...asked, commands: environmentCommands });
}
