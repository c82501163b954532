import { convertWorkflowTemplate, isMapping, isSequence, NoOperationTraceWriter, parseWorkflow, type WorkflowTemplate } from "@actions/workflow-parser";
import type { ActionStep, Job } from "@actions/workflow-parser/model/workflow-template";
import type { MappingToken, TemplateToken } from "@actions/workflow-parser/templates/tokens/index";

/** A workflow as GitHub's parser reads it: the converted template, and the token tree it came from. */
export interface ParsedWorkflow {
  template: WorkflowTemplate;
  root: MappingToken;
}

/** Every error GitHub's parser and converter report for a workflow file; none for a valid one. */
export async function workflowErrors(name: string, content: string): Promise<string[]> {
  return (await read(name, content)).errors;
}

/** Parses a workflow with GitHub's parser (@actions/workflow-parser); throws with its messages on any error. */
export async function parseWorkflowFile(name: string, content: string): Promise<ParsedWorkflow> {
  const { errors, template, root } = await read(name, content);
  if (errors.length > 0 || template === undefined || root === undefined) {
    throw new Error(`GitHub's workflow parser rejects ${name}:\n${errors.join("\n")}`);
  }
  return { template, root };
}

/** A job of the workflow that runs steps (not a reusable-workflow call). */
export function jobOf(workflow: ParsedWorkflow, jobId: string): Job {
  const job = workflow.template.jobs.find((j) => j.id.value === jobId);
  if (job?.type !== "job") throw new Error(`the workflow has no job ${jobId} with steps`);
  return job;
}

/**
 * A step that uses an action, with its `with:` mapping. GitHub's converted step carries no `with:`,
 * so it is taken from the parsed token tree, at the step's position in the job.
 */
export function actionStepOf(workflow: ParsedWorkflow, jobId: string, stepId: string): { step: ActionStep; with: MappingToken | undefined } {
  const steps = jobOf(workflow, jobId).steps;
  const index = steps.findIndex((s) => s.id === stepId);
  const step = steps[index];
  if (step === undefined || !("uses" in step)) throw new Error(`job ${jobId} has no step ${stepId} that uses an action`);
  const rawStep = itemAt(property(property(property(workflow.root, "jobs"), jobId), "steps"), index);
  const withToken = rawStep !== undefined && isMapping(rawStep) ? findProperty(rawStep, "with") : undefined;
  if (withToken !== undefined && !isMapping(withToken)) throw new Error(`step ${stepId} has a \`with:\` that is not a mapping`);
  return { step, with: withToken };
}

async function read(name: string, content: string): Promise<{ errors: string[]; template?: WorkflowTemplate; root?: MappingToken }> {
  const parsed = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  if (parsed.value === undefined || !isMapping(parsed.value)) {
    return { errors: parsed.context.errors.getErrors().map((e) => e.message).concat(parsed.value ? [] : [`${name}: nothing to read`]) };
  }
  const template = await convertWorkflowTemplate(parsed.context, parsed.value);
  const errors = [...new Set([...parsed.context.errors.getErrors().map((e) => e.message), ...(template.errors ?? []).map((e) => e.Message)])];
  return { errors, template, root: parsed.value };
}

function findProperty(mapping: MappingToken, key: string): TemplateToken | undefined {
  for (const pair of mapping) if (pair.key.toString() === key) return pair.value;
  return undefined;
}

function property(token: TemplateToken, key: string): TemplateToken {
  const value = isMapping(token) ? findProperty(token, key) : undefined;
  if (value === undefined) throw new Error(`the parsed workflow has no \`${key}\` where expected`);
  return value;
}

function itemAt(token: TemplateToken, index: number): TemplateToken | undefined {
  if (!isSequence(token)) return undefined;
  let i = 0;
  for (const item of token) if (i++ === index) return item;
  return undefined;
}
