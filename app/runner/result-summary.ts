import { CHANGE_KINDS } from "../plan/plan-changes.js";
import type { RunResult } from "./result-schema.js";

/** The run as markdown for `$GITHUB_STEP_SUMMARY`: status, counts, saved plan, outputs, failure; the plan summary follows it. */
export function resultSummary(result: RunResult): string {
  const lines: string[] = [`### envbranch ${result.action ?? "run"}${result.environment ? ` of \`${result.environment}\`` : ""}: ${result.status}`, ""];
  if (result.failure) lines.push(...quote(result.failure.explanation), "");
  else if (result.message) lines.push(escapeText(result.message), "");
  const { changes } = result;
  if (changes) {
    lines.push(`| ${CHANGE_KINDS.join(" | ")} |`, `| ${CHANGE_KINDS.map(() => "---:").join(" | ")} |`, `| ${CHANGE_KINDS.map((k) => changes.counts[k]).join(" | ")} |`, "");
  }
  if (result.savedPlan) lines.push(`Saved plan ${code(result.savedPlan.key)} beside the state, sha256 ${code(result.savedPlan.sha256)}.`, "");
  if (result.erroredState) {
    lines.push(result.erroredState.key ? `Terraform's errored state was saved beside the state as ${code(result.erroredState.key)}.` : `Terraform's errored state could not be saved: ${escapeText(result.erroredState.problem ?? "unknown")}.`, "");
  }
  const outputs = Object.entries(result.outputs);
  if (outputs.length > 0) {
    lines.push("| output | value |", "| --- | --- |");
    for (const [name, value] of outputs) lines.push(`| ${code(name)} | ${code(typeof value === "string" ? value : JSON.stringify(value))} |`);
    lines.push("");
  }
  if (result.archive?.status === "archived") lines.push(`State archived to ${code(result.archive.archiveKey)}.`, "");
  const tf = result.terraformVersion ? `Terraform ${result.terraformVersion}, ` : "";
  lines.push(`${tf}${seconds(result.durations.totalMs)} in all, ${seconds(result.durations.terraformMs)} in Terraform. Exit code ${result.exitCode}.`, "");
  return lines.join("\n");
}

/** Inline code that survives any content: backticks become quotes, table pipes are escaped, long values cut. */
function code(text: string): string {
  const short = text.length > 200 ? `${text.slice(0, 197)}...` : text;
  return `\`${short.replace(/`/g, "'").replace(/\|/g, "\\|").replace(/[\r\n]+/g, " ")}\``;
}

function quote(text: string): string[] {
  return text.split("\n").map((line) => `> ${escapeText(line)}`);
}

/** Text that markdown cannot mistake for HTML. */
export function escapeText(text: string): string {
  return text.replace(/[<>]/g, (c) => (c === "<" ? "&lt;" : "&gt;"));
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
