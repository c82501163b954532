import { parse } from "yaml";

/** A `workflow_dispatch` input as a workflow declares it. */
export interface DispatchInput {
  required: boolean;
  default?: string;
}

/** What GitHub reads from a workflow file to start a dispatched run. */
export interface WorkflowFile {
  /** The workflow's `name:`, or its path when it has none (as GitHub shows it). */
  name: string;
  /** The `run-name:` template, if any. */
  runName: string | undefined;
  /** The `workflow_dispatch` inputs, or null when the workflow cannot be dispatched. */
  dispatchInputs: Map<string, DispatchInput> | null;
}

/** Reads the parts of a workflow file that decide how a dispatch is accepted and what its run is called. */
export function readWorkflowFile(path: string, text: string): WorkflowFile {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    throw new Error(`fake GitHub: the workflow ${path} is not valid YAML`, { cause: error });
  }
  const workflow = isObject(document) ? document : {};
  return {
    name: typeof workflow.name === "string" ? workflow.name : path,
    runName: typeof workflow["run-name"] === "string" ? workflow["run-name"] : undefined,
    dispatchInputs: dispatchInputs(workflow.on),
  };
}

function dispatchInputs(on: unknown): Map<string, DispatchInput> | null {
  const triggers = typeof on === "string" ? [on] : Array.isArray(on) ? on : undefined;
  if (triggers !== undefined) return triggers.includes("workflow_dispatch") ? new Map() : null;
  if (!isObject(on) || !("workflow_dispatch" in on)) return null;
  const dispatch = on.workflow_dispatch;
  const inputs = isObject(dispatch) && isObject(dispatch.inputs) ? dispatch.inputs : {};
  return new Map(
    Object.entries(inputs).map(([name, spec]) => {
      const input = isObject(spec) ? spec : {};
      return [name, { required: input.required === true, ...(input.default !== undefined ? { default: String(input.default) } : {}) }];
    }),
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
