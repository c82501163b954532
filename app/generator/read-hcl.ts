/** A block of a Terraform file: `resource "azurerm_x" "y" { ... }`, its attributes as their source text. */
export interface HclBlock {
  type: string;
  labels: string[];
  /** Each attribute's expression as written, comments dropped and trimmed. */
  attributes: Record<string, string>;
  blocks: HclBlock[];
}

/**
 * Reads the block structure of a Terraform (HCL native syntax) file: blocks, their labels and their
 * attributes' source text, skipping strings, templates, heredocs and comments. Not an HCL parser: it
 * never evaluates an expression, and it reads on past what it does not understand (a line it cannot
 * place is skipped), because what it serves, the stack contract check, only gives advice. The full
 * parser (@cdktf/hcl2json, Go compiled to WebAssembly) is a development dependency and checks the
 * templates in the tests; the package stays without it.
 */
export function readHcl(text: string): HclBlock {
  const reader = new Reader(text);
  return { type: "", labels: [], ...reader.body() };
}

const IDENTIFIER = /[A-Za-z_][\w-]*/y;
const OPENING: Record<string, string> = { "(": ")", "[": "]", "{": "}" };

class Reader {
  private at = 0;
  constructor(private readonly text: string) {}

  body(): Pick<HclBlock, "attributes" | "blocks"> {
    const found: Pick<HclBlock, "attributes" | "blocks"> = { attributes: {}, blocks: [] };
    for (;;) {
      this.skipBlank(true);
      if (this.at >= this.text.length || this.peek() === "}") return found;
      const name = this.identifier();
      if (name === undefined) {
        this.skipLine();
        continue;
      }
      this.skipBlank(false);
      if (this.peek() === "=" && this.text[this.at + 1] !== "=") {
        this.at++;
        found.attributes[name] = this.expression();
        continue;
      }
      const labels: string[] = [];
      for (let label = this.label(); label !== undefined; label = this.label()) labels.push(label);
      if (this.peek() !== "{") {
        this.skipLine();
        continue;
      }
      this.at++;
      found.blocks.push({ type: name, labels, ...this.body() });
      if (this.peek() === "}") this.at++;
    }
  }

  private peek(): string | undefined {
    return this.text[this.at];
  }

  private identifier(): string | undefined {
    IDENTIFIER.lastIndex = this.at;
    const match = IDENTIFIER.exec(this.text);
    if (!match) return undefined;
    this.at += match[0].length;
    return match[0];
  }

  private label(): string | undefined {
    this.skipBlank(false);
    if (this.peek() !== '"') return this.identifier();
    const start = this.at;
    this.skipString();
    const literal = this.text.slice(start, this.at);
    try {
      return JSON.parse(literal) as string;
    } catch {
      return literal.slice(1, -1);
    }
  }

  /** An attribute's expression: up to the end of its line, brackets, strings and heredocs spanning lines. */
  private expression(): string {
    const closers: string[] = [];
    let source = "";
    while (this.at < this.text.length) {
      const char = this.text[this.at]!;
      if (closers.length === 0 && (char === "\n" || char === "}")) break;
      const comment = this.commentLength();
      if (comment > 0) {
        this.at += comment;
        source += " ";
        continue;
      }
      const start = this.at;
      if (char === '"') this.skipString();
      else if (this.text.startsWith("<<", this.at) && /^<<-?[A-Za-z_]/.test(this.text.slice(this.at, this.at + 4))) this.skipHeredoc();
      else {
        if (OPENING[char]) closers.push(OPENING[char]!);
        else if (char === closers.at(-1)) closers.pop();
        this.at++;
      }
      source += this.text.slice(start, this.at);
    }
    return source.replace(/\s+/g, " ").trim();
  }

  /** Skips a quoted string, its `${ }` and `%{ }` templates (which may hold strings of their own) included. */
  private skipString(): void {
    this.at++;
    while (this.at < this.text.length) {
      const char = this.text[this.at]!;
      if (char === "\\") this.at += 2;
      else if (char === '"' || char === "\n") {
        this.at++;
        return;
      } else if ((char === "$" || char === "%") && this.text[this.at + 1] === "{") {
        this.at += 2;
        this.skipTemplate();
      } else this.at++;
    }
  }

  private skipTemplate(): void {
    let depth = 1;
    while (this.at < this.text.length && depth > 0) {
      const char = this.text[this.at]!;
      if (char === '"') this.skipString();
      else {
        if (char === "{") depth++;
        if (char === "}") depth--;
        this.at++;
      }
    }
  }

  private skipHeredoc(): void {
    const marker = /^<<-?([A-Za-z_][\w-]*)/.exec(this.text.slice(this.at))!;
    const end = new RegExp(`^[ \\t]*${marker[1]}[ \\t]*$`, "m");
    const rest = this.text.slice(this.at + marker[0].length);
    const found = end.exec(rest);
    this.at = found ? this.at + marker[0].length + found.index + found[0].length : this.text.length;
  }

  /** The length of a comment starting here, 0 when none does. A line comment stops before its newline. */
  private commentLength(): number {
    const rest = this.text.slice(this.at, this.at + 2);
    if (rest.startsWith("#") || rest === "//") {
      const newline = this.text.indexOf("\n", this.at);
      return (newline < 0 ? this.text.length : newline) - this.at;
    }
    if (rest === "/*") {
      const close = this.text.indexOf("*/", this.at + 2);
      return (close < 0 ? this.text.length : close + 2) - this.at;
    }
    return 0;
  }

  private skipBlank(newlines: boolean): void {
    while (this.at < this.text.length) {
      const char = this.text[this.at]!;
      const comment = this.commentLength();
      if (comment > 0) this.at += comment;
      else if (char === " " || char === "\t" || char === "\r" || (newlines && char === "\n")) this.at++;
      else return;
    }
  }

  private skipLine(): void {
    const newline = this.text.indexOf("\n", this.at);
    this.at = newline < 0 ? this.text.length : newline + 1;
  }
}
