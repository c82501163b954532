import type { Context } from "probot";
import { reply } from "../adapters/github/comment-replies.js";
import type { AppDeps } from "../app-deps.js";
import { parseCommands, type EnvironmentCommand } from "../commands/parse-commands.js";
import { shouldReadComment } from "../commands/should-read-comment.js";
import { eventLog } from "../logging/event-log.js";
import { answerCommands } from "./answer-commands.js";
import { answerSetup } from "./answer-setup.js";
import { describe } from "../errors/describe-error.js";
import { reportErrors } from "./report-errors.js";

/**
 * `/envbranch` commands in a pull request comment: acknowledged with a reaction, each answered with
 * a reply saying what was done or exactly why not. Only new comments by people are read.
 */
export async function handleComment(context: Context<"issue_comment">, deps: AppDeps): Promise<void> {
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
  const repo = { owner, repo: repository.name };
  const number = payload.issue.number;
  const log = eventLog(context, payload.repository.full_name);

  await reportErrors(log, async () => {
    try {
      const asked = { repository, number, commentId: payload.comment.id, author: { login: event.authorLogin, type: event.authorType } };
      if (environmentCommands.length < commands.length) await answerSetup(context, { ...asked, botLogin });
      if (environmentCommands.length > 0) await answerCommands(context, { ...asked, commands: environmentCommands });
    } catch (error) {
      // The commenter is waiting for an answer; tell them, then let the error take its usual path.
      const text = `@${event.authorLogin} envbranch hit an error: ${describe(error)}. Comment the command again to retry.`;
      await reply(context.octokit, repo, number, text).catch((replyError: unknown) => log.error({ err: replyError }, "could not tell the commenter either"));
      throw error;
    }
  });
}
