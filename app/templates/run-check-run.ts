import type { CheckRunContent } from "../adapters/github/check-runs.js";
import { progressMarker, type RunProgress } from "../decisions/run-progress.js";
import { renderFiles } from "../spec/render-files.js";
import { canonicalJson } from "../spec/canonical-json.js";
import type { Action, Spec } from "../spec/spec-schema.js";
import { codeBlock, details, inlineCode } from "./markdown.js";

const VERBS: Record<Action, string> = {
  plan: "Planning",
  apply: "Applying",
  deploy: "Deploying",
  destroy: "Destroying",
  unlock: "Unlocking",
  restore: "Restoring",
};

/** What a run's check run shows while it is under way: what was dispatched, and what was rendered. */
export function runCheckRun(spec: Spec, progress: RunProgress, note?: string): CheckRunContent {
  const env = spec.environment;
  const files = renderFiles(spec);
  const lines = [
    progressMarker(progress),
    `${VERBS[spec.action]} ${inlineCode(env.githubEnvironment)} at ${inlineCode(spec.sha.slice(0, 7))}.`,
    "",
    `| | |`,
    `| --- | --- |`,
    `| action | ${inlineCode(spec.action)} |`,
    `| resource group | ${inlineCode(env.resourceGroup)} |`,
    `| state | ${inlineCode(`${spec.terraform.backend.storage_account_name}/${spec.terraform.backend.container_name}/${spec.terraform.backend.key}`)} |`,
    `| correlation id | ${inlineCode(spec.correlationId)} |`,
    ...(spec.restoreVersion ? [`| snapshot to restore | ${inlineCode(spec.restoreVersion)} |`] : []),
    ...(note ? ["", note] : []),
  ];
  const rendered = [
    details("Rendered spec", codeBlock(canonicalJson(spec), "json")),
    ...Object.entries(files).map(([name, content]) => details(name, codeBlock(content, name.endsWith(".json") ? "json" : "hcl"))),
  ];
  return {
    status: progress.stage === "dispatched" ? "queued" : "in_progress",
    title: `${VERBS[spec.action]} ${env.githubEnvironment}`,
    summary: lines.join("\n"),
    text: rendered.join("\n\n"),
  };
}

/** The failed check run of a run that could not be dispatched, and what to do about it. */
export function dispatchFailedCheckRun(spec: Spec, reason: string, hint: string, progress: RunProgress): CheckRunContent {
  const base = runCheckRun(spec, { ...progress, stage: "dispatch-failed" });
  return {
    ...base,
    conclusion: "failure",
    title: `Could not start ${spec.action} of ${spec.environment.githubEnvironment}`,
    summary: `${base.summary}\n\n**The workflow was not dispatched:** ${reason}\n\n${hint}`,
  };
}
