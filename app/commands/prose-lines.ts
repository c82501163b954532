import {
  closesFence,
  endsHtmlBlock,
  fenceRun,
  htmlBlockStart,
  isAtxHeading,
  isSetextUnderline,
  isThematicBreak,
  leadingIndent,
  listItemStart,
  type FenceRun,
  type HtmlBlockEnd,
  type ListItemStart,
} from "./block-starts.js";
import { findInertSpans, type InertSpan } from "./inert-spans.js";

type BlockStart =
  | { kind: "text" | "inert" }
  | { kind: "fence"; fence: FenceRun }
  | { kind: "html"; end: HtmlBlockEnd }
  | { kind: "item"; item: ListItemStart };

/**
 * The lines of a markdown comment that begin in plain paragraph text (or a heading's text), each
 * from its first visible character with raw HTML (comments, tags) cut out, following CommonMark's block rules:
 * fenced code (``` or ~~~), indented code, HTML blocks and comments, headings, and list items whose
 * indentation keeps a fence or code block open. Lines indented four columns or more never count,
 * nor lines that start inside a code span or comment opened on an earlier line.
 *
 * Block quotes are recognised only by their `>` lines: a line right after a quote without `>` is
 * new text here (CommonMark would continue the quote lazily), since someone typing a command under
 * a quote means it. One pass over the lines and one over each paragraph: linear in the body.
 */
export function* proseLines(body: string): Generator<string> {
  const lines = body.split(/\r\n|\r|\n/);
  // Content columns of the open list items, outermost first (so increasing).
  const items: number[] = [];
  const columnAt = (depth: number) => (depth === 0 ? 0 : (items[depth - 1] ?? 0));
  let fence: (FenceRun & { depth: number }) | null = null;
  let html: { end: HtmlBlockEnd; depth: number } | null = null;
  let paragraphFrom = -1;
  // An item that starts empty ends at a blank line, as nothing in it holds it open.
  let emptyItem = false;
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? "";
    const indent = leadingIndent(line);
    const blank = indent.offset === line.length;
    if (blank && emptyItem) items.length -= 1;
    emptyItem = false;
    const matched = blank ? items.length : itemsContaining(items, indent.columns);

    if (fence && fence.depth <= matched) {
      if (!blank && indent.columns - columnAt(fence.depth) <= 3 && closesFence(line, indent.offset, fence)) fence = null;
      continue;
    }
    if (html && html.depth <= matched) {
      if (endsHtmlBlock(line, html.end)) html = null;
      continue;
    }
    // A less indented line ends the list item and any code or HTML inside it.
    fence = null;
    html = null;

    const inParagraph = paragraphFrom !== -1;
    const start: BlockStart = blank
      ? { kind: "inert" }
      : indent.columns - columnAt(matched) >= 4
        ? { kind: inParagraph ? "text" : "inert" }
        : blockStart(line, indent.offset, indent.columns, inParagraph, matched === items.length);
    // Text under an open paragraph continues it, even less indented (CommonMark's lazy lines).
    if (start.kind === "text" && inParagraph) continue;
    if (inParagraph) yield* paragraphLines(lines, paragraphFrom, i);
    paragraphFrom = -1;
    if (blank) continue;
    items.length = matched;

    let next = start;
    while (next.kind === "item") {
      items.push(next.item.contentColumn);
      const content = leadingIndent(line, next.item.contentOffset, next.item.contentColumn);
      emptyItem = content.offset === line.length;
      next =
        content.offset === line.length || content.columns - next.item.contentColumn >= 4
          ? { kind: "inert" }
          : blockStart(line, content.offset, content.columns, false, false);
    }
    if (next.kind === "text") paragraphFrom = i;
    else if (next.kind === "fence") fence = { ...next.fence, depth: items.length };
    else if (next.kind === "html" && !endsHtmlBlock(line, next.end)) html = { end: next.end, depth: items.length };
  }
  if (paragraphFrom !== -1) yield* paragraphLines(lines, paragraphFrom, lines.length);
}

/** How many of the open items a line indented `columns` stays inside; a binary search, as lists can nest deep. */
function itemsContaining(items: readonly number[], columns: number): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((items[middle] ?? 0) <= columns) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** What starts at `at` in a line indented less than four columns past its container. */
function blockStart(line: string, at: number, column: number, inParagraph: boolean, sameContainer: boolean): BlockStart {
  if (line[at] === ">" || isAtxHeading(line, at)) return { kind: "inert" };
  // `---` under a paragraph underlines it into a heading; elsewhere it is a thematic break.
  if ((inParagraph && sameContainer && isSetextUnderline(line, at)) || isThematicBreak(line, at)) return { kind: "inert" };
  const fence = fenceRun(line, at);
  if (fence) return { kind: "fence", fence };
  const end = htmlBlockStart(line, at, inParagraph);
  if (end) return { kind: "html", end };
  const item = listItemStart(line, at, column);
  if (item && (!inParagraph || !sameContainer || item.canInterrupt)) return { kind: "item", item };
  return { kind: "text" };
}

/** The paragraph's lines that start outside code spans, autolinks and raw HTML, with raw HTML cut out. */
function* paragraphLines(lines: readonly string[], from: number, to: number): Generator<string> {
  const text = lines.slice(from, to).join("\n");
  const spans = findInertSpans(text);
  let k = 0;
  let lineStart = 0;
  for (let i = from; i < to; i += 1) {
    const line = lines[i] ?? "";
    const indent = leadingIndent(line);
    const start = lineStart + indent.offset;
    const end = lineStart + line.length;
    while (k < spans.length && (spans[k]?.end ?? 0) <= start) k += 1;
    const covering = spans[k];
    if (indent.columns <= 3 && !(covering && covering.start <= start)) yield withoutHtml(text, start, end, spans, k);
    lineStart = end + 1;
  }
}

function withoutHtml(text: string, start: number, end: number, spans: readonly InertSpan[], first: number): string {
  let out = "";
  let at = start;
  for (let j = first; j < spans.length; j += 1) {
    const span = spans[j];
    if (!span || span.start >= end) break;
    if (span.kind !== "html") continue;
    out += text.slice(at, span.start);
    at = Math.min(span.end, end);
  }
  return out + text.slice(at, end);
}
