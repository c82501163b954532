import type { Context } from "probot";
import { reply } from "../adapters/github/comment-replies.js";
import { loadConfig } from "../adapters/github/load-config.js";
import { isOwnComment, ownWriter } from "../adapters/github/own-writes.js";
import type { AppDeps } from "../app-deps.js";
import { mayHaveTicked, tickedBoxes } from "../decisions/dashboard-ticks.js";
import { buildEnvironments } from "../decisions/environments-model.js";
import { eventLog } from "../logging/event-log.js";
import { DASHBOARD_LABEL, isDashboardBody, renderDashboard, tickLine } from "../templates/dashboard-body.js";
import { readIssuesEditedPayload, type IssuesEditedPayload } from "../webhooks/issues-edited-payload.js";
import { gatherEnvironmentFacts } from "./gather-environment-facts.js";
import type { SetTarget } from "./report-errors.js";
import { runTick } from "./run-tick.js";

/**
 * An edit of the dashboard issue that ticked its boxes: each box ticked against the app's own render
 * is carried out with the editor's permission (runTick) and answered in one comment on the issue; the
 * redraw that follows (redrawAfter, see {@link ticksDashboard}) shows the boxes unticked again. Edits by
 * the app's bot, of other issues, or that ticked nothing are ignored, and so is a malformed payload,
 * logged once.
 */
export async function handleDashboardEdit(context: Context<"issues">, deps: AppDeps, setTarget: SetTarget): Promise<void> {
  const read = readIssuesEditedPayload(context.payload);
  if (!read.ok) return eventLog(context, "(unknown)").warn(`issues.edited payload not usable, ignored: ${read.reason}`);
  const edit = await tickEdit(context, read.edit, deps.botLogin);
  if (!edit) return;
  const { issue, sender, repository: payloadRepository } = edit;
  const repository = { owner: payloadRepository.owner.login, name: payloadRepository.name, url: payloadRepository.html_url };
  const repo = { owner: repository.owner, repo: repository.name };
  const loaded = await loadConfig(context, repo);
  if (loaded.status !== "ok" || !loaded.config.dashboard) return;
  const records = buildEnvironments(await gatherEnvironmentFacts(context.octokit, repository, loaded.config));
  const ticks = tickedBoxes(renderDashboard(records, repository.url).body, edit.from, edit.to);
  if (ticks.length === 0) return;
  setTarget({ octokit: context.octokit, repo, issue: issue.number, login: sender.login });
  const answers: string[] = [];
  for (const tick of ticks) {
    // Found: the tick's line is one the app rendered from these records.
    const record = records.find((r) => tickLine(tick.command, r) === tick.line)!;
    const log = eventLog(context, payloadRepository.full_name, record.githubEnvironment);
    const answer = await runTick({
      octokit: context.octokit,
      log,
      deps,
      repository: { owner: repository.owner, name: repository.name, isOrganization: payloadRepository.owner.type === "Organization", defaultBranch: payloadRepository.default_branch },
      config: loaded.config,
      record,
      tick,
      actor: sender,
    });
    // The box's own words (without its key), so each answer says which box it is about.
    answers.push(ticks.length > 1 ? `**${tickLine(tick.command, record).replace(/^- \[ \] | <!--.*$/g, "")}**: ${answer}` : answer);
  }
  await reply(context.octokit, repo, issue.number, `@${sender.login} ${answers.join("\n\n")}`);
}

/**
 * Whether an `issues.edited` delivery may have ticked a box of this app's dashboard, from the payload
 * alone: so redrawAfter redraws after such an edit and after nothing else (not after the app's own edits).
 */
export async function ticksDashboard(context: Context<"issues">, botLogin: () => Promise<string>): Promise<boolean> {
  const read = readIssuesEditedPayload(context.payload);
  return read.ok && (await tickEdit(context, read.edit, botLogin)) !== null;
}

/**
 * The edit as one of the dashboard's, or null: an open issue of this app's (its bot the author, as
 * redraws find it) labelled as the dashboard, whose body before the edit opened with its marker,
 * edited by someone other than this app's bot, with a box that looks ticked by it.
 */
async function tickEdit(context: Context<"issues">, edit: IssuesEditedPayload, botLogin: () => Promise<string>): Promise<(IssuesEditedPayload & { from: string; to: string }) | null> {
  const from = edit.changes.body?.from;
  const to = edit.issue.body ?? "";
  if (from === undefined || edit.issue.pull_request !== undefined || edit.issue.state !== "open") return null;
  if (!edit.issue.labels.some((label) => label.name === DASHBOARD_LABEL) || !isDashboardBody(from) || !mayHaveTicked(from, to)) return null;
  if (edit.sender.login.toLowerCase() === (await botLogin()).toLowerCase()) return null;
  return isOwnComment(edit.issue, await ownWriter(context.octokit)) ? { ...edit, from, to } : null;
}
