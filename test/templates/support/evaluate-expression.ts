/**
 * A small evaluator for GitHub Actions expressions, enough to run the workflow's own `if:`,
 * `concurrency.group` and `run-name` against a spec instead of matching their text. It follows
 * GitHub's documented semantics: `&&`/`||` return an operand, falsy is false/0/''/null, string
 * comparison ignores case, and operands of different types compare as numbers.
 * Anything it does not know throws, so a workflow change it cannot follow fails the tests loudly.
 */

export type Value = null | boolean | number | string | Value[] | { [key: string]: Value };

export interface Contexts {
  [name: string]: Value;
}

/** Results of the status functions; a job's `if:` with none of them gets an implicit `success()`. */
export interface Status {
  success: boolean;
  failure: boolean;
  cancelled: boolean;
}

const DEFAULT_STATUS: Status = { success: true, failure: false, cancelled: false };

type Token = { kind: "string" | "number" | "ident" | "op"; text: string };

/** Evaluates one expression (the part inside `${{ }}`, or a bare `if:`). */
export function evaluate(expression: string, contexts: Contexts, status: Status = DEFAULT_STATUS): Value {
  const parser = new Parser(tokenize(expression), contexts, status);
  const value = parser.expression();
  parser.expectEnd();
  return value;
}

/** Evaluates a string that may embed `${{ }}`: alone it keeps its type, embedded it becomes text. */
export function evaluateTemplate(template: string, contexts: Contexts, status?: Status): Value {
  const whole = /^\s*\$\{\{([\s\S]*)\}\}\s*$/.exec(template);
  if (whole && !whole[1]!.includes("}}")) return evaluate(whole[1]!, contexts, status);
  return template.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, inner: string) => toText(evaluate(inner, contexts, status)));
}

/**
 * Evaluates a job or step `if:`, which may be written with or without `${{ }}`. As on GitHub, a
 * condition that calls no status function is checked together with an implicit `success()`.
 */
export function evaluateCondition(condition: string | undefined, contexts: Contexts, status: Status = DEFAULT_STATUS): boolean {
  if (condition === undefined) return status.success;
  const implicitSuccess = !/\b(success|failure|cancelled|always)\s*\(/i.test(condition);
  if (implicitSuccess && !status.success) return false;
  return truthy(evaluateTemplate(condition.includes("${{") ? condition : `\${{ ${condition} }}`, contexts, status));
}

export function truthy(value: Value): boolean {
  return !(value === null || value === false || value === 0 || value === "" || Number.isNaN(value));
}

function toText(value: Value): string {
  if (value === null) return "";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s+|('(?:[^']|'')*')|(-?\d+(?:\.\d+)?)|([A-Za-z_][\w-]*)|(&&|\|\||==|!=|<=|>=|[!<>()[\].,])/y;
  let index = 0;
  while (index < source.length) {
    pattern.lastIndex = index;
    const match = pattern.exec(source);
    if (!match) throw new Error(`cannot read the expression at "${source.slice(index, index + 20)}"`);
    index = pattern.lastIndex;
    if (match[1]) tokens.push({ kind: "string", text: match[1].slice(1, -1).replace(/''/g, "'") });
    else if (match[2]) tokens.push({ kind: "number", text: match[2] });
    else if (match[3]) tokens.push({ kind: "ident", text: match[3] });
    else if (match[4]) tokens.push({ kind: "op", text: match[4] });
  }
  return tokens;
}

class Parser {
  private position = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly contexts: Contexts,
    private readonly status: Status,
  ) {}

  expression(): Value {
    return this.or();
  }

  expectEnd(): void {
    if (this.position < this.tokens.length) throw new Error(`unexpected "${this.tokens[this.position]!.text}"`);
  }

  private or(): Value {
    let left = this.and();
    while (this.accept("||")) {
      const right = this.and();
      left = truthy(left) ? left : right;
    }
    return left;
  }

  private and(): Value {
    let left = this.comparison();
    while (this.accept("&&")) {
      const right = this.comparison();
      left = truthy(left) ? right : left;
    }
    return left;
  }

  private comparison(): Value {
    const left = this.unary();
    for (const op of ["==", "!=", "<=", ">=", "<", ">"]) {
      if (this.accept(op)) return compare(op, left, this.unary());
    }
    return left;
  }

  private unary(): Value {
    if (this.accept("!")) return !truthy(this.unary());
    return this.postfix(this.primary());
  }

  private primary(): Value {
    const token = this.next();
    if (token.kind === "string") return token.text;
    if (token.kind === "number") return Number(token.text);
    if (token.kind === "op" && token.text === "(") {
      const value = this.expression();
      this.expect(")");
      return value;
    }
    if (token.kind !== "ident") throw new Error(`unexpected "${token.text}"`);
    if (token.text === "true") return true;
    if (token.text === "false") return false;
    if (token.text === "null") return null;
    if (this.accept("(")) return this.call(token.text);
    if (!(token.text in this.contexts)) throw new Error(`unknown context "${token.text}"`);
    return this.contexts[token.text]!;
  }

  private postfix(value: Value): Value {
    for (;;) {
      if (this.accept(".")) value = property(value, this.next().text);
      else if (this.accept("[")) {
        const key = this.expression();
        this.expect("]");
        value = property(value, key);
      } else return value;
    }
  }

  private call(name: string): Value {
    const args: Value[] = [];
    if (!this.accept(")")) {
      do args.push(this.expression());
      while (this.accept(","));
      this.expect(")");
    }
    switch (name.toLowerCase()) {
      case "fromjson":
        return JSON.parse(String(args[0])) as Value;
      case "tojson":
        return JSON.stringify(args[0] ?? null);
      case "contains":
        return Array.isArray(args[0])
          ? args[0].some((item) => compare("==", item, args[1] ?? null) === true)
          : toText(args[0] ?? null).toLowerCase().includes(toText(args[1] ?? null).toLowerCase());
      case "format":
        return toText(args[0] ?? null).replace(/\{(\d+)\}/g, (_, i: string) => toText(args[Number(i) + 1] ?? null));
      case "success":
        return this.status.success;
      case "failure":
        return this.status.failure;
      case "cancelled":
        return this.status.cancelled;
      case "always":
        return true;
      default:
        throw new Error(`unsupported function ${name}()`);
    }
  }

  private next(): Token {
    const token = this.tokens[this.position++];
    if (!token) throw new Error("the expression ends too early");
    return token;
  }

  private accept(op: string): boolean {
    const token = this.tokens[this.position];
    if (token?.kind === "op" && token.text === op) {
      this.position++;
      return true;
    }
    return false;
  }

  private expect(op: string): void {
    if (!this.accept(op)) throw new Error(`expected "${op}"`);
  }
}

function property(value: Value, key: Value): Value {
  if (value === null || typeof value !== "object") return null;
  if (Array.isArray(value)) return typeof key === "number" ? (value[key] ?? null) : null;
  const name = String(key);
  // Property names are case-insensitive in GitHub's expressions.
  const found = Object.keys(value).find((k) => k.toLowerCase() === name.toLowerCase());
  return found === undefined ? null : value[found]!;
}

function compare(op: string, left: Value, right: Value): boolean {
  let a: Value = left;
  let b: Value = right;
  if (typeof a === "string" && typeof b === "string") {
    a = a.toLowerCase();
    b = b.toLowerCase();
  } else if (typeof a !== typeof b || typeof a === "boolean" || a === null) {
    a = toNumber(a);
    b = toNumber(b);
  } else if (typeof a === "object") {
    return op === "==" ? a === b : op === "!=" ? a !== b : false;
  }
  switch (op) {
    case "==":
      return a === b;
    case "!=":
      return a !== b;
    case "<":
      return (a as number | string) < (b as number | string);
    case ">":
      return (a as number | string) > (b as number | string);
    case "<=":
      return (a as number | string) <= (b as number | string);
    default:
      return (a as number | string) >= (b as number | string);
  }
}

function toNumber(value: Value): number {
  if (value === null) return 0;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "number") return value;
  if (typeof value === "string") return value.trim() === "" ? 0 : Number(value);
  return Number.NaN;
}
