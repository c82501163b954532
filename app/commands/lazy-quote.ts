import type { MarkdownIt, StateBlock } from "markdown-it";

// Derived from markdown-it 15.0.3, lib/rules_block/blockquote.mjs (MIT License, Copyright (c) 2014
// Vitaly Puzrin, Alex Kocharin), the parser this project reads comments with.

/**
 * markdown-it 15.0.3's `blockquote` block rule with two changes, both to agree with CommonMark and
 * GitHub on which lines a quote holds:
 *
 * 1. Its scan for the quote's lines checks each line without a `>` against the rules that end a
 *    quote, and so does the scan of a quote nested in it; but the outer quote marks such a line lazy
 *    (`sCount` -1), which erases its indentation, so in `>> q\n    - x` the inner quote read `- x` as a
 *    list that ends it, where CommonMark continues the quoted paragraph. The outer quote then ended
 *    there too, the rest was read outside it, and each quote that followed scanned to the end of the
 *    run again: wrong and quadratic. markdown-it's paragraph and reference rules already take a line
 *    marked lazy as a continuation without asking the terminators; this rule does the same, since
 *    the enclosing quote asked them about that very line, with its indentation, and none ended it.
 * 2. A later line's `>` counted at any indentation; in CommonMark, four columns or more past the
 *    container make it text, so `>> # h\n    > q` ends the quote before its second line.
 */
export function lazyQuote(md: MarkdownIt): void {
  md.block.ruler.at("blockquote", blockquote, { alt: ["paragraph", "reference", "blockquote", "list"] });
}

/**
 * Thrown when a comment's quotes have scanned more lines than `env.quoteBudget` allows. A quote whose
 * last block is not a paragraph still scans the lazy lines after it to the end of their run, so a run
 * of such quotes, each followed by a lazy line, costs time quadratic in its length (about 5 s at
 * GitHub's 64 KB cap). A comment over the budget is read as holding no command: stopping can only hide a
 * command, never show one.
 */
export class QuoteBudgetExceeded extends Error {}

function spendLine(state: StateBlock): void {
  const env = state.env as { quoteScans?: number; quoteBudget?: number };
  env.quoteScans = (env.quoteScans ?? 0) + 1;
  if (env.quoteBudget !== undefined && env.quoteScans > env.quoteBudget) throw new QuoteBudgetExceeded(`quotes scanned more than ${env.quoteBudget} lines`);
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

function blockquote(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  let pos = state.bMarks[startLine]! + state.tShift[startLine]!;
  let max = state.eMarks[startLine]!;
  const oldLineMax = state.lineMax;

  // Indented four columns or more is code, not a quote.
  if (state.sCount[startLine]! - state.blkIndent >= 4) return false;
  if (state.src.charCodeAt(pos) !== 0x3e /* > */) return false;
  if (silent) return true;

  const oldBMarks: number[] = [];
  const oldBSCount: number[] = [];
  const oldSCount: number[] = [];
  const oldTShift: number[] = [];
  const terminatorRules = state.md.block.ruler.getRules("blockquote");
  const oldParentType = state.parentType;
  state.parentType = "blockquote";
  let lastLineEmpty = false;
  let nextLine: number;

  // Strip each line's `>` and the space after it, so the quote's content is parsed as a document.
  for (nextLine = startLine; nextLine < endLine; nextLine++) {
    spendLine(state);
    const isOutdented = state.sCount[nextLine]! < state.blkIndent;
    pos = state.bMarks[nextLine]! + state.tShift[nextLine]!;
    max = state.eMarks[nextLine]!;
    // An empty line outside the quote ends it.
    if (pos >= max) break;

    // Second change: a `>` indented four columns or more past the container is text, as in CommonMark.
    if (state.src.charCodeAt(pos++) === 0x3e /* > */ && !isOutdented && state.sCount[nextLine]! - state.blkIndent < 4) {
      // The marker's column plus one, and the optional space after it (a tab counts as one column of it).
      let initial = state.sCount[nextLine]! + 1;
      let spaceAfterMarker: boolean;
      let adjustTab = false;
      if (state.src.charCodeAt(pos) === 0x20) {
        pos++;
        initial++;
        spaceAfterMarker = true;
      } else if (state.src.charCodeAt(pos) === 0x09) {
        spaceAfterMarker = true;
        if ((state.bsCount[nextLine]! + initial) % 4 === 3) {
          pos++;
          initial++;
        } else adjustTab = true;
      } else spaceAfterMarker = false;

      let offset = initial;
      oldBMarks.push(state.bMarks[nextLine]!);
      state.bMarks[nextLine] = pos;
      while (pos < max) {
        const ch = state.src.charCodeAt(pos);
        if (!isSpace(ch)) break;
        offset += ch === 0x09 ? 4 - ((offset + state.bsCount[nextLine]! + (adjustTab ? 1 : 0)) % 4) : 1;
        pos++;
      }
      lastLineEmpty = pos >= max;
      oldBSCount.push(state.bsCount[nextLine]!);
      state.bsCount[nextLine] = state.sCount[nextLine]! + 1 + (spaceAfterMarker ? 1 : 0);
      oldSCount.push(state.sCount[nextLine]!);
      state.sCount[nextLine] = offset - initial;
      oldTShift.push(state.tShift[nextLine]!);
      state.tShift[nextLine] = pos - state.bMarks[nextLine]!;
      continue;
    }

    // A line without `>` after an empty quoted line is outside the quote.
    if (lastLineEmpty) break;

    // First change: a line an enclosing quote already took as lazy is lazy here too.
    const lazyOutside = state.sCount[nextLine]! < 0;
    let terminate = false;
    for (let i = 0; !lazyOutside && i < terminatorRules.length; i++) {
      if (terminatorRules[i]!(state, nextLine, endLine, true)) {
        terminate = true;
        break;
      }
    }
    if (terminate) {
      // The quote ends here; markdown-it shifts this line by the container's indent while it
      // parses the quote, so that a list item in the quote ends at it.
      state.lineMax = nextLine;
      if (state.blkIndent !== 0) {
        oldBMarks.push(state.bMarks[nextLine]!);
        oldBSCount.push(state.bsCount[nextLine]!);
        oldTShift.push(state.tShift[nextLine]!);
        oldSCount.push(state.sCount[nextLine]!);
        state.sCount[nextLine]! -= state.blkIndent;
      }
      break;
    }

    // A lazy continuation line: only a paragraph in the quote takes it, the other blocks end at it.
    oldBMarks.push(state.bMarks[nextLine]!);
    oldBSCount.push(state.bsCount[nextLine]!);
    oldTShift.push(state.tShift[nextLine]!);
    oldSCount.push(state.sCount[nextLine]!);
    state.sCount[nextLine] = -1;
  }

  const oldIndent = state.blkIndent;
  state.blkIndent = 0;
  const open = state.push("blockquote_open", "blockquote", 1);
  open.markup = ">";
  const lines: [number, number] = [startLine, 0];
  open.map = lines;
  state.md.block.tokenize(state, startLine, nextLine);
  const close = state.push("blockquote_close", "blockquote", -1);
  close.markup = ">";
  state.lineMax = oldLineMax;
  state.parentType = oldParentType;
  lines[1] = state.line;

  for (let i = 0; i < oldTShift.length; i++) {
    state.bMarks[i + startLine] = oldBMarks[i]!;
    state.tShift[i + startLine] = oldTShift[i]!;
    state.sCount[i + startLine] = oldSCount[i]!;
    state.bsCount[i + startLine] = oldBSCount[i]!;
  }
  state.blkIndent = oldIndent;
  return true;
}
