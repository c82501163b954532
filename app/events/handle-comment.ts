import type { Context } from "probot";
import { react, reply } from "../adapters/github/comment-replies.js";
import type { AppDeps } from "../app-deps.js";
import { parseCommands } from "../commands/parse-commands.js";
import { shouldReadComment } from "../commands/should-read-comment.js";
import { eventLog } from "../logging/event-log.js";
import { inlineCode } from "../templates/markdown.js";
import { pullRequestEnvironment, pullRequestFacts } from "./pull-request-environment.js";
import { describe } from "../errors/describe-error.js";
import { reportErrors } from "./report-errors.js";
import { runCommand } from "./run-command.js";

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
  if (commands.length === 0 || !shouldReadComment({ ...event, appBotLogin: await deps.botLogin() })) return;
  const repository = { owner, name: payload.repository.name };
  const repo = { owner, repo: repository.name };
  const number = payload.issue.number;
  const log = eventLog(context, payload.repository.full_name);

  await reportErrors(log, async () => {
    try {
      await answerCommands();
    } catch (error) {
      // The commenter is waiting for an answer; tell them, then let the error take its usual path.
      const text = `@${event.authorLogin} envbranch hit an error: ${describe(error)}. Comment the command again to retry.`;
      await reply(context.octokit, repo, number, text).catch((replyError: unknown) => log.error({ err: replyError }, "could not tell the commenter either"));
      throw error;
    }
  });

  async function answerCommands(): Promise<void> {
    await react(context.octokit, repo, payload.comment.id, "eyes");
    const { data } = await context.octokit.rest.pulls.get({ ...repo, pull_number: number });
    const pr = pullRequestFacts(data);
    const target = await pullRequestEnvironment(context, repository, pr.baseRef);
    if (!target.ok) {
      await reply(context.octokit, repo, number, `envbranch commands work on pull requests into environment branches, and this one is not: ${target.reason}.`);
      return;
    }
    const envLog = eventLog(context, payload.repository.full_name, target.environment.githubEnvironment);
    const answers: string[] = [];
    // Help and unknown commands both answer with the command reference: once per comment is enough.
    const firstHelp = commands.find((c) => c.name === "unknown") ?? commands.find((c) => c.name === "help");
    const toRun = commands.filter((c) => (c.name !== "help" && c.name !== "unknown") || c === firstHelp);
    for (const command of toRun) {
      const answer = await runCommand({
        octokit: context.octokit,
        log: envLog,
        repository,
        ownerIsOrganization: payload.repository.owner?.type === "Organization",
        config: target.config,
        environment: target.environment,
        command,
        actor: { login: event.authorLogin, type: event.authorType === "Bot" ? "Bot" : event.authorType === "Organization" ? "Organization" : "User" },
        change: { number: pr.number, author: pr.author, headSha: pr.headSha, fromFork: pr.fromFork, open: pr.open },
        trigger: "comment",
      });
      answers.push(toRun.length > 1 ? `**${inlineCode(`/envbranch ${command.name === "unknown" ? command.text : command.name}`)}**: ${answer.text}` : answer.text);
    }
    await reply(context.octokit, repo, number, `@${event.authorLogin} ${answers.join("\n\n")}`);
  }
}
