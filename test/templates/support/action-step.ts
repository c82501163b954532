import { NoOperationTraceWriter } from "@actions/workflow-parser";
import { convertActionTemplate, parseAction, type ActionTemplate } from "@actions/workflow-parser/actions/index";
import type { MappingToken, TemplateToken } from "@actions/workflow-parser/templates/tokens/index";
import { evaluateToken, type Contexts, type Value } from "./evaluate-expression.js";
import { actionStepOf, jobOf, type ParsedWorkflow } from "./parse-workflow.js";

/** Parses an action's metadata (action.yml) with GitHub's action schema; throws with its messages on any error. */
export function parseActionMetadata(name: string, content: string): ActionTemplate {
  const parsed = parseAction({ name, content }, new NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors().map((e) => e.message);
  if (errors.length > 0 || parsed.value === undefined) throw new Error(`GitHub's action parser rejects ${name}:\n${errors.join("\n")}`);
  return convertActionTemplate(parsed.context, parsed.value);
}

/** What a JavaScript action's process is given for one step. */
export interface ActionStepProcess {
  /** The process environment, as the runner composes it. */
  env: Record<string, string>;
  /** The action's inputs by name: the step's `with:`, then the action's defaults ('' without one). */
  inputs: Record<string, string>;
  /** The runner's warnings about the step's inputs (unexpected inputs). */
  warnings: string[];
  /**
   * Required inputs the step omits and that have no default. The runner does not check `required`
   * (ActionRunner.cs sets them to ''); GitHub's language service reports each as an error
   * (validate-action-reference.ts, "Missing required input"); the action's getInput(..., { required: true }) throws.
   */
  missingRequiredInputs: string[];
}

export interface ActionStepOptions {
  workflow: ParsedWorkflow;
  jobId: string;
  /** The step's id (GitHub's generated id, e.g. `__actions_checkout`, for a step without one). */
  stepId: string;
  action: ActionTemplate;
  /** The run's contexts (dispatchRunContexts), plus needs, steps, job, strategy, matrix, secrets as the job has them. */
  contexts: Contexts;
  /** The runner machine's own environment (PATH, HOME, …), which every process inherits. */
  host?: Record<string, string>;
}

/**
 * The inputs and environment the runner gives a JavaScript action's process for one step, each value
 * evaluated by GitHub's engine. Sources (actions/runner at 258d6c8):
 * - StepsRunner.cs: the env context is the workflow's `env:` then the job's, then the step's `env:`
 *   evaluated with that context; the step's `with:` is evaluated with the result.
 * - ActionRunner.cs: an input the step omits takes the action's default, evaluated, or ''; inputs are
 *   matched case-insensitively; names the action does not declare get a warning.
 * - Handler.cs / NodeScriptActionHandler.cs: `INPUT_<name upper-cased, spaces to _>` (hyphens kept),
 *   then the github context as GITHUB_* (GitHubContext.cs's allow-list) and the runner context as
 *   RUNNER_*, so a step's `env:` cannot override them.
 * - ProcessInvoker.cs: the host environment first, GITHUB_ACTIONS=true always, CI=true unless set.
 * Every value becomes a string as the template evaluator makes it (true/false, numbers, null as '');
 * a mapping or sequence where a string is expected is an error, as on GitHub.
 * Not produced: ACTIONS_RUNTIME_*, ACTIONS_ID_TOKEN_REQUEST_* and cache URLs, which are service endpoints.
 */
export function actionStepProcess(options: ActionStepOptions): ActionStepProcess {
  const { workflow, jobId, stepId, action, contexts } = options;
  const job = jobOf(workflow, jobId);
  const { step, with: withToken } = actionStepOf(workflow, jobId, stepId);
  const globalEnv = { ...stringsOf(workflow.template.env, contexts, "env"), ...stringsOf(job.env, contexts, `jobs.${jobId}.env`) };
  const env = { ...globalEnv, ...stringsOf(step.env, { ...contexts, env: globalEnv }, `${stepId}.env`) };
  const stepContexts = { ...contexts, env };

  const given = stringsOf(withToken, stepContexts, `${stepId}.with`);
  const declared = action.inputs ?? [];
  const inputs: Record<string, string> = { ...given };
  const has = (name: string) => Object.keys(given).some((k) => k.toLowerCase() === name.toLowerCase());
  for (const input of declared) {
    if (!has(input.id)) inputs[input.id] = input.default ? toInputString(evaluateToken(input.default, stepContexts), `default of ${input.id}`) : "";
  }
  const valid = declared.map((i) => i.id);
  const unexpected = Object.keys(given).filter((k) => !valid.some((v) => v.toLowerCase() === k.toLowerCase()));
  const warnings = unexpected.length > 0 ? [`Unexpected input(s) '${unexpected.join("', '")}', valid inputs are ['${valid.join("', '")}']`] : [];
  const missingRequiredInputs = declared.filter((i) => i.required && !has(i.id) && i.default === undefined).map((i) => i.id);

  const processEnv: Record<string, string> = { ...options.host, ...env };
  for (const [name, value] of Object.entries(inputs)) processEnv[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] = value;
  Object.assign(processEnv, githubVariables(contexts.github), runnerVariables(contexts.runner));
  processEnv.GITHUB_ACTIONS = "true";
  processEnv.CI ??= "true";
  return { env: processEnv, inputs, warnings, missingRequiredInputs };
}

// GitHubContext.cs: the github context's keys that become GITHUB_* variables.
const GITHUB_ENV_KEYS = new Set(
  ("action_path action_ref action_repository action actor actor_id api_url artifacts artifacts_list base_ref env event_name " +
    "event_path graphql_url head_ref job output path ref_name ref_protected ref_type ref repository repository_id " +
    "repository_owner repository_owner_id retention_days run_attempt run_id run_number server_url sha state step_summary " +
    "triggering_actor workflow workflow_ref workflow_sha workspace").split(" "),
);

function githubVariables(github: Value | undefined): Record<string, string> {
  const entries = Object.entries(asObject(github, "github")).filter(([key, value]) => GITHUB_ENV_KEYS.has(key.toLowerCase()) && (typeof value === "string" || typeof value === "boolean"));
  return Object.fromEntries(entries.map(([key, value]) => [`GITHUB_${key.toUpperCase()}`, String(value)]));
}

function runnerVariables(runner: Value | undefined): Record<string, string> {
  const entries = Object.entries(asObject(runner, "runner")).filter(([, value]) => typeof value === "string");
  return Object.fromEntries(entries.map(([key, value]) => [`RUNNER_${key.toUpperCase()}`, String(value)]));
}

function asObject(value: Value | undefined, name: string): Record<string, Value> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new Error(`the ${name} context must be given`);
  return value;
}

/** A `with:` or `env:` mapping evaluated to strings; absent is empty. */
function stringsOf(token: TemplateToken | MappingToken | undefined, contexts: Contexts, where: string): Record<string, string> {
  if (token === undefined) return {};
  const value = evaluateToken(token, contexts);
  return Object.fromEntries(Object.entries(asObject(value, where)).map(([key, v]) => [key, toInputString(v, `${where}.${key}`)]));
}

function toInputString(value: Value, where: string): string {
  if (value === null) return "";
  if (typeof value === "object") throw new Error(`${where}: a ${Array.isArray(value) ? "sequence" : "mapping"} was not expected, GitHub wants a string`);
  return String(value);
}
