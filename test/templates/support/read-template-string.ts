import { JSONObjectReader } from "@actions/workflow-parser/templates/json-object-reader";
import { TemplateSchema } from "@actions/workflow-parser/templates/schema/index";
import { readTemplate } from "@actions/workflow-parser/templates/template-reader";
import { TemplateContext, TemplateValidationErrors } from "@actions/workflow-parser/templates/template-context";
import type { ObjectReader } from "@actions/workflow-parser/templates/object-reader";
import { StringToken, type TemplateToken } from "@actions/workflow-parser/templates/tokens/index";
import { NoOperationTraceWriter } from "@actions/workflow-parser";

/**
 * Reads a string that may embed `${{ }}` the way GitHub's template reader reads a workflow value: a
 * lone expression becomes that expression, embedded ones become `format('...', ...)`, and a string
 * without any stays a string. The allowed names (contexts, and functions as `name(min,max)`) are
 * those the caller can supply; any other name fails the read, as it fails a workflow.
 */
export function readTemplateString(template: string, allowed: string[]): TemplateToken {
  const schema = TemplateSchema.load(
    new JSONObjectReader(undefined, JSON.stringify({ version: "workflow-v1.0", definitions: { value: { context: allowed, string: {} } } })),
  );
  const context = new TemplateContext(new TemplateValidationErrors(), schema, new NoOperationTraceWriter());
  const token = readTemplate(context, "value", oneString(template), undefined);
  const errors = context.errors.getErrors().map((e) => e.message);
  if (errors.length > 0 || token === undefined) throw new Error(`cannot read ${JSON.stringify(template)}: ${errors.join("; ")}`);
  return token;
}

/**
 * A reader of one string. Its range spans one line, so the template reader scans the string's value
 * (as it does for any single-line YAML scalar) rather than a YAML source it does not have.
 */
function oneString(value: string): ObjectReader {
  let read = false;
  const none = () => undefined;
  return {
    allowLiteral: () => (read ? undefined : ((read = true), new StringToken(undefined, { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } }, value, undefined))),
    allowSequenceStart: none,
    allowSequenceEnd: () => false,
    allowMappingStart: none,
    allowMappingEnd: () => false,
    validateStart: () => undefined,
    validateEnd: () => undefined,
  };
}
