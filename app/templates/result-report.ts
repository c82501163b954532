import type { CheckRunContent } from "../adapters/github/check-runs.js";
import { progressMarker, type RunProgress } from "../decisions/run-progress.js";
import { describeLock } from "../runner/lock-info.js";
import type { ResultPlanSummary, RunResult } from "../runner/result-schema.js";
import type { Action } from "../spec/spec-schema.js";
import { escapeText } from "../runner/result-summary.js";
import { inlineCode } from "./markdown.js";
import { previousFold } from "./pending-comment.js";

/** What the app learnt about a finished workflow run. */
export interface FinishedRun {
  action: Action;
  environment: string;
  sha: string;
  runUrl: string;
  /** GitHub's conclusion of the workflow run. */
  conclusion: string | null;
  result: RunResult | null;
  /** Why no result could be read, when the run left something that is not one. */
  problem?: string;
  /** The plan summary's title line and masked markdown, when the run planned. */
  plan: ResultPlanSummary | null;
  /** Whether a successful plan may be applied from the check run's button. */
  offerApply: boolean;
}

const PAST: Record<Action, string> = { plan: "Planned", apply: "Applied", deploy: "Deployed", destroy: "Destroyed", unlock: "Unlocked", restore: "Restored" };

/** The check run of a finished run: its conclusion, a title with the counts, the summary or the failure. */
export function resultCheckRun(run: FinishedRun, progress: RunProgress): CheckRunContent {
  const marker = progressMarker(progress);
  const link = `[workflow run](${run.runUrl})`;
  if (!run.result) {
    return {
      conclusion: run.conclusion === "cancelled" ? "cancelled" : "failure",
      title: `No result: the run ended ${run.conclusion ?? "without a conclusion"}`,
      summary: `${marker}\nThe ${link} of ${inlineCode(run.action)} on ${inlineCode(run.environment)} ended ${inlineCode(run.conclusion ?? "unknown")} without ${run.problem ? "a result this app reads" : "uploading a result"}, so nothing is known to have happened.${run.problem ? ` ${escapeText(run.problem)}` : ""} Look at its log, then push again or comment \`/envbranch ${run.action === "plan" ? "plan" : "help"}\`.`,
      detailsUrl: run.runUrl,
    };
  }
  const { result } = run;
  if (result.status === "superseded") {
    return {
      conclusion: "neutral",
      title: "Superseded by a newer commit",
      summary: `${marker}\nThe ${link} found ${inlineCode(run.sha.slice(0, 7))} is no longer the head of its branch and changed nothing; the newer commit's own run applies it.`,
      detailsUrl: run.runUrl,
    };
  }
  if (result.status === "cancelled") {
    // The explanation says where it stopped and what it left behind: the lock, an errored state.
    return {
      conclusion: "cancelled",
      title: result.lock ? `Cancelled; the state is still locked by ${result.lock.who}` : `Cancelled${result.failure?.step ? ` during ${result.failure.step}` : ""}`,
      summary: [marker, `The ${link} of ${inlineCode(run.action)} on ${inlineCode(run.environment)} was cancelled.`, "", result.failure?.explanation ?? result.message].join("\n"),
      detailsUrl: run.runUrl,
    };
  }
  if (result.status !== "succeeded") {
    const failure = result.failure;
    return {
      conclusion: "failure",
      title: failure?.step ? `Failed at ${failure.step}: ${result.message}` : result.message,
      summary: [marker, `The ${link} of ${inlineCode(run.action)} on ${inlineCode(run.environment)} failed.`, "", failure?.explanation ?? result.message, ...snapshotLine(result), ...(run.plan ? ["", run.plan.markdown] : [])].join("\n"),
      detailsUrl: run.runUrl,
    };
  }
  const title = run.plan ? (run.action === "plan" ? run.plan.title : `${PAST[run.action]}: ${run.plan.title}`) : `${PAST[run.action]} ${run.environment}`;
  return {
    conclusion: "success",
    title,
    summary: [marker, `${PAST[run.action]} ${inlineCode(run.environment)} at ${inlineCode(run.sha.slice(0, 7))} (${link}).`, ...urlLine(result), ...lockLine(result), ...noteLine(result), ...snapshotLine(result), ...savedPlanLine(progress), ...(run.plan ? ["", run.plan.markdown] : [])].join("\n"),
    detailsUrl: run.runUrl,
    ...(run.offerApply ? { actions: [{ label: "Apply this plan", description: "Apply exactly this saved plan", identifier: "apply" }] } : {}),
  };
}

/** The sticky comment of a pull request for one environment: the newest plan, the previous one folded. */
export function stickyCommentBody(run: FinishedRun, checkRun: CheckRunContent, previous: string | null, limit: number): string {
  const heading = `### envbranch ${inlineCode(run.action)} of ${inlineCode(run.environment)} at ${inlineCode(run.sha.slice(0, 7))}: ${checkRun.title}`;
  const body = checkRun.summary.replace(/^<!-- envbranch-progress [^\n]*-->\n?/, "");
  const next = run.action === "plan" && checkRun.conclusion === "success" ? "\n\nTo apply exactly this plan, comment `/envbranch apply`." : "";
  const current = `${heading}\n\n${body}${next}`;
  const older = previousFold(previous, limit - current.length - 200);
  return older ? `${current}\n\n${older}` : current;
}

/** The hash an approval binds to, so an approver can match it with the apply's log. */
function savedPlanLine(progress: RunProgress): string[] {
  return progress.savedPlan ? ["", `Saved plan sha256 ${inlineCode(progress.savedPlan.sha256)}, kept beside the environment's state.`] : [];
}

/** Who held the lock an unlock freed, and since when. */
function lockLine(result: RunResult): string[] {
  return result.action === "unlock" && result.lock ? ["", `The lock was held by ${describeLock(result.lock)}.`] : [];
}

/**
 * The snapshot the run took before it changed the state, and how to go back to it; or why it took
 * none. The id is shown as code: it is what `/envbranch restore` takes.
 */
function snapshotLine(result: RunResult): string[] {
  const { snapshot } = result;
  if (!snapshot) return [];
  if (snapshot.status === "no-state") return ["", "No snapshot of the state was taken: there was no state yet to go back to (the first apply)."];
  const id = inlineCode(snapshot.snapshot);
  const pruned = snapshot.pruned > 0 ? ` ${snapshot.pruned} older snapshot(s) were pruned.` : "";
  const where = result.stateKey ? ` of ${inlineCode(result.stateKey)}` : "";
  return ["", `Before the change, the state${where} was saved as snapshot ${id} (serial ${snapshot.serial}, ${snapshot.resources} resource(s)). To go back to it, comment ${inlineCode(`/envbranch restore ${snapshot.snapshot}`)} on a pull request into the branch, or run ${inlineCode(`envbranch state restore --branch ${result.branch ?? "<branch>"} --version ${snapshot.snapshot}`)}.${pruned}`];
}

/** What a restore did: the runner's own line, which names the snapshot and the new serial. */
function noteLine(result: RunResult): string[] {
  return result.action === "restore" && result.status === "succeeded" ? ["", escapeText(result.message)] : [];
}

function urlLine(result: RunResult): string[] {
  const url = result.outputs.url;
  return typeof url === "string" && /^https?:\/\//.test(url) ? ["", `Environment: ${url}`] : [];
}
