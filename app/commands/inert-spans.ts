import { autolinkEnd, htmlTagEnd } from "./html-tag.js";

/**
 * A stretch of paragraph text that is not plain prose: a code span, an autolink (both shown as
 * they are), or raw HTML (a comment, tag, declaration, processing instruction or CDATA; not shown).
 */
export interface InertSpan {
  start: number;
  /** Exclusive. */
  end: number;
  kind: "code" | "link" | "html";
}

// Raw HTML other than tags: how it starts and the text that ends it (CommonMark 0.31.2).
const RAW_HTML = [
  { open: "<!--", close: "-->", searchFrom: 2 }, // `<!-->` and `<!--->` are whole comments
  { open: "<?", close: "?>", searchFrom: 2 },
  { open: "<![CDATA[", close: "]]>", searchFrom: 9 },
  { open: "<!", close: ">", searchFrom: 2, letterAfter: true },
] as const;

/**
 * The code spans, autolinks and raw HTML of one paragraph, in order, as CommonMark finds them: a
 * run of n backticks opens a span only if a run of exactly n backticks follows (else it is literal
 * text), a backslash escapes the next punctuation character outside spans, `<` starts an autolink
 * or raw HTML only if the whole of it follows, and whichever starts first wins. All may cross
 * line breaks, which is why this works on whole paragraphs.
 *
 * Linear in the text: the closing run for each length is found by a cursor that only moves forward,
 * and a missing closer is remembered, so no input makes it search the same text twice.
 */
export function findInertSpans(text: string): InertSpan[] {
  const runs = backtickRunsByLength(text);
  const cursors = new Map<number, number>();
  const spans: InertSpan[] = [];
  // Per closing string, the offset from which it is known not to occur.
  const missingFrom = new Map<string, number>();
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    if (char === "\\" && isAsciiPunctuation(text.charCodeAt(i + 1))) {
      i += 2;
    } else if (char === "`") {
      let end = i;
      while (text[end] === "`") end += 1;
      const closer = nextRunOfLength(runs, cursors, end - i, end);
      if (closer === undefined) {
        i = end;
      } else {
        spans.push({ start: i, end: closer + (end - i), kind: "code" });
        i = closer + (end - i);
      }
    } else if (char === "<") {
      const span = angleSpan(text, i, missingFrom);
      if (span) spans.push(span);
      i = span ? span.end : i + 1;
    } else {
      i += 1;
    }
  }
  return spans;
}

/** The autolink or raw HTML starting at the `<` at `at`, or null when it is a literal `<`. */
function angleSpan(text: string, at: number, missingFrom: Map<string, number>): InertSpan | null {
  const link = autolinkEnd(text, at);
  if (link !== -1) return { start: at, end: link, kind: "link" };
  const tag = htmlTagEnd(text, at);
  if (tag !== -1) return { start: at, end: tag, kind: "html" };
  for (const raw of RAW_HTML) {
    if (!text.startsWith(raw.open, at)) continue;
    if ("letterAfter" in raw && !/[A-Za-z]/.test(text[at + 2] ?? "")) continue;
    const from = at + raw.searchFrom;
    const close = from < (missingFrom.get(raw.close) ?? Infinity) ? text.indexOf(raw.close, from) : -1;
    if (close === -1) {
      missingFrom.set(raw.close, Math.min(from, missingFrom.get(raw.close) ?? Infinity));
      return null;
    }
    return { start: at, end: close + raw.close.length, kind: "html" };
  }
  return null;
}

/** Start offsets of every maximal backtick run, grouped by the run's length, in text order. */
function backtickRunsByLength(text: string): Map<number, number[]> {
  const runs = new Map<number, number[]>();
  let i = text.indexOf("`");
  while (i !== -1) {
    let end = i;
    while (text[end] === "`") end += 1;
    const starts = runs.get(end - i);
    if (starts) starts.push(i);
    else runs.set(end - i, [i]);
    i = text.indexOf("`", end);
  }
  return runs;
}

/** The start of the first whole run of `length` backticks at or after `from`; cursors only advance. */
function nextRunOfLength(runs: Map<number, number[]>, cursors: Map<number, number>, length: number, from: number): number | undefined {
  const starts = runs.get(length);
  if (!starts) return undefined;
  let cursor = cursors.get(length) ?? 0;
  while (cursor < starts.length && (starts[cursor] ?? Infinity) < from) cursor += 1;
  cursors.set(length, cursor);
  return starts[cursor];
}

function isAsciiPunctuation(code: number): boolean {
  return (code >= 0x21 && code <= 0x2f) || (code >= 0x3a && code <= 0x40) || (code >= 0x5b && code <= 0x60) || (code >= 0x7b && code <= 0x7e);
}
