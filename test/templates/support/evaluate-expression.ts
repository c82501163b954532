import { data, Evaluator, Lexer, Parser } from "@actions/expressions";
import { truthy } from "@actions/expressions/result";
import { ensureStatusFunction } from "@actions/workflow-parser/model/converter/if-condition";
import type { DefinitionInfo } from "@actions/workflow-parser/templates/schema/definition-info";
import {
  BooleanToken,
  NullToken,
  NumberToken,
  StringToken,
  type TemplateToken,
} from "@actions/workflow-parser/templates/tokens/index";
import { isBasicExpression, isMapping, isSequence } from "@actions/workflow-parser";
import { splitAllowedContext } from "@actions/workflow-parser/templates/allowed-context";
import { readTemplateString } from "./read-template-string.js";
import { RUNNER_FUNCTIONS, runnerFunctions, type Status } from "./runner-functions.js";

/**
 * Workflow expressions evaluated by GitHub's own engine (@actions/expressions: Lexer, Parser,
 * Evaluator) and template reader (@actions/workflow-parser), with the runner's status functions and
 * hashFiles added the way the parser takes extension functions. A context the caller does not supply,
 * or a function neither GitHub's library nor the runner defines, fails the parse and throws.
 */

export type Value = null | boolean | number | string | Value[] | { [key: string]: Value };

export interface Contexts {
  [name: string]: Value;
}

export type { Status };

const DEFAULT_STATUS: Status = { success: true, failure: false, cancelled: false };

/** Evaluates one expression (the part inside `${{ }}`, or a bare `if:`). */
export function evaluate(expression: string, contexts: Contexts, status: Status = DEFAULT_STATUS): Value {
  return fromData(evaluateData(expression, contexts, status));
}

/** Evaluates a string that may embed `${{ }}`: alone it keeps its type, embedded it becomes text. */
export function evaluateTemplate(template: string, contexts: Contexts, status?: Status): Value {
  return evaluateToken(readTemplateString(template, allowedNames(contexts)), contexts, status);
}

/**
 * Evaluates a token of a workflow or action read by GitHub's parser: expressions are evaluated,
 * literals kept, mappings and sequences evaluated item by item.
 */
export function evaluateToken(token: TemplateToken, contexts: Contexts, status?: Status): Value {
  if (isBasicExpression(token)) return evaluate(token.expression, contexts, status);
  if (isMapping(token)) {
    const entries: Array<[string, Value]> = [];
    for (const pair of token) entries.push([String(evaluateToken(pair.key, contexts, status)), evaluateToken(pair.value, contexts, status)]);
    return Object.fromEntries(entries);
  }
  if (isSequence(token)) {
    const items: Value[] = [];
    for (const item of token) items.push(evaluateToken(item, contexts, status));
    return items;
  }
  if (token instanceof StringToken) return token.value;
  if (token instanceof NumberToken) return token.value;
  if (token instanceof BooleanToken) return token.value;
  if (token instanceof NullToken) return null;
  throw new Error(`cannot evaluate a ${token.constructor.name} (${String(token)})`);
}

/**
 * Evaluates a job or step `if:`, written with or without `${{ }}`, as GitHub's converter does
 * (convertToIfCondition): an empty condition is `success()`, and one that calls no status function
 * becomes `success() && (condition)`.
 */
export function evaluateCondition(condition: string | TemplateToken | undefined, contexts: Contexts, status: Status = DEFAULT_STATUS): boolean {
  const token = typeof condition === "string" ? readTemplateString(condition, allowedNames(contexts)) : condition;
  const expression = token === undefined ? "" : isBasicExpression(token) ? token.expression : String(evaluateToken(token, contexts, status)).trim();
  const definition = { allowedContext: allowedNames(contexts) } as DefinitionInfo;
  return truthy(evaluateData(expression === "" ? "success()" : ensureStatusFunction(expression, definition), contexts, status));
}

function evaluateData(expression: string, contexts: Contexts, status: Status): data.ExpressionData {
  const { functions } = splitAllowedContext(RUNNER_FUNCTIONS);
  const tree = new Parser(new Lexer(expression).lex().tokens, Object.keys(contexts), functions).parse();
  const values = toData(contexts) as data.Dictionary;
  return new Evaluator(tree, values, runnerFunctions(status, values.get("github"))).evaluate();
}

function allowedNames(contexts: Contexts): string[] {
  return [...Object.keys(contexts), ...RUNNER_FUNCTIONS];
}

function toData(value: Value): data.ExpressionData {
  return JSON.parse(JSON.stringify(value), data.reviver) as data.ExpressionData;
}

function fromData(value: data.ExpressionData): Value {
  return JSON.parse(JSON.stringify(value, data.replacer)) as Value;
}
