import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { dispatchRunContexts } from "./dispatch-contexts.js";
import { evaluateCondition, evaluateTemplate, type Contexts, type Value } from "./evaluate-expression.js";

export interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string | number | boolean>;
  env?: Record<string, string>;
  "continue-on-error"?: string | boolean;
  "working-directory"?: string;
}

export interface Job {
  name?: string;
  if?: string;
  needs?: string | string[];
  environment?: string | { name: string; deployment?: boolean; url?: string };
  permissions?: Record<string, string>;
  env?: Record<string, string>;
  outputs?: Record<string, string>;
  steps: Step[];
}

export interface Workflow {
  name: string;
  "run-name": string;
  on: { workflow_dispatch: { inputs: Record<string, { type: string; required: boolean }> } };
  permissions: Record<string, string>;
  concurrency: { group: string; "cancel-in-progress": boolean };
  env: Record<string, string>;
  jobs: Record<string, Job>;
}

export const WORKFLOW_PATH = new URL("../../../workflows-templates/envbranch.yml", import.meta.url);

/** The adoptable workflow, parsed. */
export function loadWorkflow(): Workflow {
  return parse(readFileSync(WORKFLOW_PATH, "utf8")) as Workflow;
}

export function needsOf(job: Job): string[] {
  return job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs];
}

/** The contexts a dispatched run sees, for the given dispatch inputs. */
export function dispatchContexts(inputs: { spec: string; correlation_id: string }): Contexts {
  return dispatchRunContexts({ inputs });
}

/**
 * The jobs that run, in the order GitHub could start them, assuming every job that runs succeeds
 * with the given job outputs:
 * a job runs when its `if:` holds, and an `if:` without a status function is `success() && (...)`,
 * which is false as soon as one of its needs was skipped.
 */
export function jobsThatRun(workflow: Workflow, contexts: Contexts, outputs: Record<string, Record<string, string>> = {}): string[] {
  const ran = new Set<string>();
  const decided = new Set<string>();
  const ids = Object.keys(workflow.jobs);
  while (decided.size < ids.length) {
    const ready = ids.filter((id) => !decided.has(id) && needsOf(workflow.jobs[id]!).every((n) => decided.has(n)));
    if (ready.length === 0) throw new Error("the jobs' needs form a cycle or name a missing job");
    for (const id of ready) {
      const job = workflow.jobs[id]!;
      const needsRan = needsOf(job).every((n) => ran.has(n));
      const needs = Object.fromEntries(needsOf(job).map((n) => [n, { result: ran.has(n) ? "success" : "skipped", outputs: ran.has(n) ? (outputs[n] ?? {}) : {} }]));
      if (evaluateCondition(job.if, { ...contexts, needs }, { success: needsRan, failure: false, cancelled: false })) ran.add(id);
      decided.add(id);
    }
  }
  return ids.filter((id) => ran.has(id));
}

/** The environment a job's steps see: the workflow's `env:` then the job's, evaluated. */
export function jobEnv(workflow: Workflow, jobId: string, contexts: Contexts): Record<string, Value> {
  const entries = { ...workflow.env, ...workflow.jobs[jobId]!.env };
  return Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, evaluateTemplate(v, { ...contexts, needs: {} })]));
}

/** The names of a job's steps whose `if:` holds when every earlier step succeeded. */
export function stepsThatRun(workflow: Workflow, jobId: string, contexts: Contexts, steps: Contexts = {}): string[] {
  const env = jobEnv(workflow, jobId, contexts);
  return workflow.jobs[jobId]!.steps.filter((step) => evaluateCondition(step.if, { ...contexts, env, steps })).map(stepName);
}

export function stepName(step: Step): string {
  return step.name ?? step.uses ?? step.id ?? "(unnamed step)";
}

/** Every step of every job, with the id of its job. */
export function allSteps(workflow: Workflow): Array<{ jobId: string; step: Step }> {
  return Object.entries(workflow.jobs).flatMap(([jobId, job]) => job.steps.map((step) => ({ jobId, step })));
}
