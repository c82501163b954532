import type { Context } from "probot";
import { react, reply } from "../adapters/github/comment-replies.js";
import type { Repository } from "../environment/derive-environment.js";
import { eventLog } from "../logging/event-log.js";
import { startSetupAgain } from "./start-setup-again.js";

/** `/envbranch setup` in a pull request comment: acknowledged with a reaction, then answered with what was done or why not. */
export async function answerSetup(
  context: Context<"issue_comment">,
  input: { repository: Repository; number: number; commentId: number; author: { login: string; type: string }; botLogin: string },
): Promise<void> {
  const repo = { owner: input.repository.owner, repo: input.repository.name };
  await react(context.octokit, repo, input.commentId, "eyes");
  const log = eventLog(context, context.payload.repository.full_name);
  const text = await startSetupAgain({ octokit: context.octokit, log, repository: input.repository, actor: input.author, botLogin: input.botLogin });
  await reply(context.octokit, repo, input.number, `@${input.author.login} ${text}`);
}
