import MarkdownIt, { type StateInline, type Token } from "markdown-it";
import { gfmStrikethrough } from "./gfm-strikethrough.js";
import { lazyQuote, QuoteBudgetExceeded } from "./lazy-quote.js";
import { rawHtmlPerKind } from "./raw-html-per-kind.js";

/** The case-blind prefix every command starts with. */
export const COMMAND_PREFIX = "/envbranch";

/**
 * The zero-width token `readComment` puts in inline content where a source line starts with
 * `/envbranch` after at most three columns of indentation. `meta.firstLine` tells whether it is
 * the block's first line, whose source may hold a list marker or `#` in front.
 */
export const LINE_START = "envbranch_line_start";

/** A line start's `meta`: true on the first line of the inline content. */
export type LineStartMeta = { firstLine: boolean };

// GitHub renders comments as GFM: CommonMark plus tables and strikethrough (autolinked URLs change no
// line's start, so linkify stays off), with cmark-gfm's single-tilde strikethrough, its raw HTML and
// CommonMark's lazy lines in nested quotes where markdown-it differs. The preset's nesting limit of 20
// stands: deeper content is dropped by the parser, which can only hide a command, never show one.
const gfm = MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(rawHtmlPerKind).use(gfmStrikethrough).use(lazyQuote);
gfm.inline.ruler.before("text", LINE_START, markLineStart);

/**
 * The tokens of a comment as markdown-it reads it in GFM, with a `LINE_START` token before each
 * line of inline content that starts with `/envbranch` in the source: an escape (`\/`) or an
 * entity (`&#47;`) in front does not count, and neither does a continuation line indented four
 * columns or more past its container, which reads as code to the writer. A comment whose quotes
 * would take time quadratic in its length to read (QuoteBudgetExceeded) gives no tokens.
 */
export function readComment(body: string): Token[] {
  try {
    return gfm.parse(body, { quoteBudget: QUOTE_SCANS_PER_LINE * lineCount(body) + 1_000 });
  } catch (error) {
    if (error instanceof QuoteBudgetExceeded) return [];
    throw error;
  }
}

// Quotes nest at most 20 deep (the preset's limit) and each level scans its lines once, so no comment
// GitHub renders in linear time comes near this; a run of quotes that rescans to its end does.
const QUOTE_SCANS_PER_LINE = 40;

function lineCount(body: string): number {
  let lines = 1;
  for (let i = body.indexOf("\n"); i !== -1; i = body.indexOf("\n", i + 1)) lines += 1;
  return lines;
}

/**
 * Runs at every position the inline parser starts a token at, so never inside a code span, raw
 * HTML or an autolink. It only marks: returning false lets the parser read the line as it would.
 */
function markLineStart(state: StateInline, silent: boolean): boolean {
  const { src, pos } = state;
  if (silent || src.charCodeAt(pos) !== 0x2f || src.slice(pos, pos + COMMAND_PREFIX.length).toLowerCase() !== COMMAND_PREFIX) return false;
  let columns = 0;
  let start = pos;
  while (start > 0 && (src[start - 1] === " " || src[start - 1] === "\t")) start -= 1;
  if (start > 0 && src[start - 1] !== "\n") return false;
  for (let i = start; i < pos; i += 1) columns += src[i] === "\t" ? 4 - (columns % 4) : 1;
  if (columns >= 4) return false;
  const meta: LineStartMeta = { firstLine: start === 0 };
  state.push(LINE_START, "", 0).meta = meta;
  return false;
}
