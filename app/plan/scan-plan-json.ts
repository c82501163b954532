/**
 * A byte scanner over a plan JSON document that parses only what a summary needs.
 *
 * A 20,000-resource plan is tens of MB, and `JSON.parse` of all of it costs several times the file
 * in heap, mostly for `planned_values`, `prior_state` and `configuration`, which a summary never
 * reads. The scanner walks the bytes, tracking only strings and bracket depth, skips those
 * members, and hands over each element of `resource_changes` and `resource_drift` as its own JSON
 * text (parsed only if needed, see peek-actions.ts) and each member of `output_changes` parsed, so
 * memory holds one chunk and one element at a time.
 * UTF-8 continuation bytes are all >= 0x80, so structural characters are never mistaken inside them.
 */

/** The members whose elements are handed over one at a time. */
const SPLIT_MEMBERS = new Set(["resource_changes", "resource_drift", "output_changes"]);

/** Small top-level members parsed whole. */
const WHOLE_MEMBERS = new Set(["errored", "applyable"]);

/** What the scanner hands over as it meets it. */
export interface PlanJsonVisitor {
  /** A small top-level member: `errored`, `applyable`. */
  member(key: string, value: unknown): void;
  /** One element of `resource_changes` or `resource_drift`, as JSON text ending before byte `at`. */
  element(member: "resource_changes" | "resource_drift", json: string, at: number): void;
  /** One member of `output_changes`. */
  output(name: string, change: unknown): void;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

// Where the scanner is within a top-level member.
const EXPECT_KEY = 0;
const IN_KEY = 1;
const AFTER_KEY = 2;
const IN_VALUE = 3;

// What happens to the current member's value.
const SKIP = 0;
const WHOLE = 1;
const SPLIT = 2;

/**
 * Feeds a plan JSON document through in chunks of any size; call `end()` after the last one.
 * Throws an Error naming the problem when the document is not a JSON object or is cut short.
 */
export class PlanJsonScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private phase = EXPECT_KEY;
  private mode = SKIP;
  private key = "";
  private splitObject = false;
  private capturing = false;
  private captureStart = 0;
  private pieces: Buffer[] = [];
  private offset = 0;
  private finished = false;

  constructor(private readonly visitor: PlanJsonVisitor) {}

  /** Scans one chunk; the chunk may be reused by the caller once this returns. */
  write(chunk: Uint8Array): void {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const n = b.length;
    let depth = this.depth;
    let i = 0;
    if (this.capturing) this.captureStart = 0;
    if (this.inString) {
      // A string left open by the previous chunk; its first byte here is escaped if that chunk ended on a backslash.
      i = stringEnd(b, this.escaped ? 1 : 0, n);
      if (i >= n) return this.pause(b, depth, i);
      this.inString = false;
      if (depth === 1 && this.phase === IN_KEY) this.endKey(b, i + 1);
      i += 1;
    }
    // The hot loop: strings and brackets at every depth; the rest only at the two outer levels.
    for (; i < n; i++) {
      const c = b[i]!;
      if (c === QUOTE) {
        const start = i;
        i = stringEnd(b, i + 1, n);
        if (depth === 1 && this.phase === EXPECT_KEY) {
          this.phase = IN_KEY;
          this.startCapture(start);
        }
        if (i >= n) {
          this.inString = true;
          return this.pause(b, depth, i);
        }
        if (depth === 1 && this.phase === IN_KEY) this.endKey(b, i + 1);
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        depth += 1;
        if (depth <= 2) this.open(c, depth, i);
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        depth -= 1;
        if (depth <= 1) this.close(b, depth, i);
      } else if (c === COMMA) {
        if (depth <= 2) this.separate(b, depth, i);
      } else if (c === COLON && depth === 1 && this.phase === AFTER_KEY) {
        this.phase = IN_VALUE;
        // A wanted list or object is captured from its first element; until then its value might be a scalar.
        if (this.mode !== SKIP) this.startCapture(i + 1);
      }
    }
    this.pause(b, depth, n);
  }

  /** Checks that the document ended where it should. */
  end(): void {
    if (!this.finished || this.depth !== 0 || this.inString) {
      throw new Error(`the plan JSON ends early, after ${this.offset} bytes: it is cut short or not JSON`);
    }
  }

  /** Keeps the state at the end of a chunk; `end` past the chunk means it ended inside a string on a backslash. */
  private pause(b: Buffer, depth: number, end: number): void {
    if (this.capturing) this.pieces.push(Buffer.from(b.subarray(this.captureStart, b.length)));
    this.depth = depth;
    this.escaped = end > b.length;
    this.offset += b.length;
  }

  private open(c: number, depth: number, i: number): void {
    if (depth === 1) {
      if (c !== OPEN_BRACE || this.finished) throw this.error("a plan JSON document is one object", i);
    } else if (this.mode === SPLIT) {
      this.splitObject = c === OPEN_BRACE;
      if (this.splitObject !== (this.key === "output_changes")) throw this.error(`\`${this.key}\` is not ${this.splitObject ? "a list" : "an object"}`, i);
      this.startCapture(i + 1);
    }
  }

  private close(b: Buffer, depth: number, i: number): void {
    if (depth < 0) throw this.error("unbalanced brackets", i);
    if (depth === 1 && this.mode === SPLIT) {
      this.emitElement(b, i);
      this.mode = SKIP;
    } else if (depth === 0) {
      this.endMember(b, i);
      this.finished = true;
    }
  }

  private separate(b: Buffer, depth: number, i: number): void {
    if (depth === 2 && this.mode === SPLIT) {
      this.emitElement(b, i);
      this.startCapture(i + 1);
    } else if (depth === 1) {
      this.endMember(b, i);
    }
  }

  private startCapture(at: number): void {
    this.capturing = true;
    this.captureStart = at;
    this.pieces.length = 0;
  }

  private takeCapture(b: Buffer, end: number): string {
    this.capturing = false;
    if (this.pieces.length === 0) return b.toString("utf8", this.captureStart, end);
    this.pieces.push(b.subarray(this.captureStart, end));
    const text = Buffer.concat(this.pieces).toString("utf8");
    this.pieces.length = 0;
    return text;
  }

  private endKey(b: Buffer, end: number): void {
    const at = this.offset + end;
    this.key = parsePlanPart(this.takeCapture(b, end), "a top-level key", at) as string;
    this.phase = AFTER_KEY;
    this.mode = SPLIT_MEMBERS.has(this.key) ? SPLIT : WHOLE_MEMBERS.has(this.key) ? WHOLE : SKIP;
  }

  private endMember(b: Buffer, end: number): void {
    if (this.mode === WHOLE && this.phase === IN_VALUE) {
      this.visitor.member(this.key, parsePlanPart(this.takeCapture(b, end), this.key, this.offset + end));
    } else if (this.mode === SPLIT && this.phase === IN_VALUE && this.takeCapture(b, end).trim() !== "null") {
      // Still SPLIT here means the list or object never opened: only null may stand in for one.
      throw this.error(`\`${this.key}\` is neither ${this.key === "output_changes" ? "an object" : "a list"} nor null`, end);
    }
    this.capturing = false;
    this.phase = EXPECT_KEY;
    this.mode = SKIP;
  }

  private emitElement(b: Buffer, end: number): void {
    const text = this.takeCapture(b, end);
    if (text.trim() === "") return;
    const at = this.offset + end;
    if (!this.splitObject) {
      this.visitor.element(this.key as "resource_changes" | "resource_drift", text, at);
      return;
    }
    const member = parsePlanPart(`{${text}}`, this.key, at) as Record<string, unknown>;
    for (const [name, change] of Object.entries(member)) this.visitor.output(name, change);
  }

  private error(problem: string, index: number): Error {
    return new Error(`the plan JSON is malformed at byte ${this.offset + index}: ${problem}`);
  }
}

/** Parses one part of a plan; on failure says which member and where in the file. */
export function parsePlanPart(json: string, member: string, at: number): unknown {
  try {
    return JSON.parse(json);
  } catch (error) {
    throw new Error(`the plan JSON is malformed in \`${member}\` before byte ${at}`, { cause: error });
  }
}

/** The index of the quote that closes a string whose contents start at `from`, or `n` or more if none. */
function stringEnd(b: Buffer, from: number, n: number): number {
  let j = from;
  while (j < n) {
    const d = b[j]!;
    if (d === QUOTE) return j;
    j += d === BACKSLASH ? 2 : 1;
  }
  return j;
}
