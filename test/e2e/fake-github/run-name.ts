import { evaluateTemplate } from "../../templates/support/evaluate-expression.js";

/** The contexts a `run-name` may read, as GitHub fills them for a dispatched run. */
export interface RunNameContexts {
  inputs: Record<string, string>;
  github: Record<string, string>;
}

/**
 * Renders a workflow's `run-name` the way GitHub does for the run it starts, with the expression
 * evaluator the workflow tests use. An expression it cannot follow throws, naming the template, so
 * a test never sees a made-up run name (the fake records it as a violation).
 */
export function renderRunName(template: string, contexts: RunNameContexts): string {
  try {
    const value = evaluateTemplate(template, { inputs: contexts.inputs, github: contexts.github, vars: {} });
    return typeof value === "string" ? value : JSON.stringify(value);
  } catch (error) {
    throw new Error(`fake GitHub cannot render the run-name ${JSON.stringify(template)}: ${(error as Error).message}`, { cause: error });
  }
}
