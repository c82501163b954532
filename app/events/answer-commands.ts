import type { Context } from "probot";
import { react, reply } from "../adapters/github/comment-replies.js";
import type { EnvironmentCommand } from "../commands/parse-commands.js";
import type { Repository } from "../environment/derive-environment.js";
import { eventLog } from "../logging/event-log.js";
import { inlineCode } from "../templates/markdown.js";
import { pullRequestEnvironment, pullRequestFacts } from "./pull-request-environment.js";
import { runCommand } from "./run-command.js";

/**
 * The commands of one pull request comment: acknowledged with a reaction, run in order against the
 * pull request's environment, and answered in one reply. Help and unknown commands both answer with
 * the command reference: once per comment is enough.
 */
export async function answerCommands(
  context: Context<"issue_comment">,
  input: { repository: Repository; number: number; commentId: number; author: { login: string; type: string }; commands: EnvironmentCommand[] },
): Promise<void> {
  const { repository, number, author, commands } = input;
  const repo = { owner: repository.owner, repo: repository.name };
  await react(context.octokit, repo, input.commentId, "eyes");
  const { data } = await context.octokit.rest.pulls.get({ ...repo, pull_number: number });
  const pr = pullRequestFacts(data);
  const target = await pullRequestEnvironment(context, repository, pr.baseRef);
  if (!target.ok) return reply(context.octokit, repo, number, `envbranch commands work on pull requests into environment branches, and this one is not: ${target.reason}.`);
  const log = eventLog(context, context.payload.repository.full_name, target.environment.githubEnvironment);
  const firstHelp = commands.find((c) => c.name === "unknown") ?? commands.find((c) => c.name === "help");
  const toRun = commands.filter((c) => (c.name !== "help" && c.name !== "unknown") || c === firstHelp);
  const answers: string[] = [];
  for (const command of toRun) {
    const answer = await runCommand({
      octokit: context.octokit,
      log,
      repository,
      config: target.config,
      environment: target.environment,
      command,
      trigger: "comment",
      ownerIsOrganization: context.payload.repository.owner?.type === "Organization",
      actor: { login: author.login, type: author.type === "Bot" ? "Bot" : author.type === "Organization" ? "Organization" : "User" },
      change: { number: pr.number, author: pr.author, headSha: pr.headSha, fromFork: pr.fromFork, open: pr.open },
    });
    answers.push(toRun.length > 1 ? `**${inlineCode(`/envbranch ${command.name === "unknown" ? command.text : command.name}`)}**: ${answer.text}` : answer.text);
  }
  await reply(context.octokit, repo, number, `@${author.login} ${answers.join("\n\n")}`);
}
