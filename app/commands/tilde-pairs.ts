import type { MarkdownIt, StateInline } from "markdown-it";

type Delimiter = StateInline["delimiters"][number];

const TILDE = 0x7e;

// Derived from markdown-it 15.0.3, lib/rules_inline/balance_pairs.mjs (MIT License, Copyright (c) 2014
// Vitaly Puzrin, Alex Kocharin), the parser this project reads comments with.

/**
 * markdown-it 15.0.3's `balance_pairs` rule, which pairs the delimiter runs of emphasis and
 * strikethrough, with one change for tildes, as cmark-gfm pairs them: a closing run looks for the
 * nearest opening run that emphasis's rules allow, as before, but when that run has the other
 * length (one tilde against two) nothing pairs, and both runs stay free for later ones. markdown-it
 * would pair them anyway, and the text between would then lose a strikethrough GitHub shows.
 */
export function tildePairs(md: MarkdownIt): void {
  md.inline.ruler2.at("balance_pairs", (state) => {
    processDelimiters(state.delimiters);
    for (const meta of state.tokens_meta) if (meta?.delimiters) processDelimiters(meta.delimiters);
    return false;
  });
}

function processDelimiters(delimiters: Delimiter[]): void {
  // Per marker, the index below which no opener will do, by the closer's class: cmark-gfm classes a
  // tilde closer by its length alone, markdown-it classes `*` and `_` by whether it can open too.
  const openersBottom = new Map<number, number[]>();
  const max = delimiters.length;
  if (!max) return;

  // headerIdx is the first delimiter of the current run of `*` or `_` (markdown-it splits a run into one per character).
  let headerIdx = 0;
  let lastTokenIdx = -2;
  const jumps: number[] = [];

  for (let closerIdx = 0; closerIdx < max; closerIdx++) {
    const closer = delimiters[closerIdx]!;
    jumps.push(0);
    if (delimiters[headerIdx]!.marker !== closer.marker || lastTokenIdx !== closer.token - 1) headerIdx = closerIdx;
    lastTokenIdx = closer.token;
    // The run's length in characters; a rule that sets none counts as 0, as in markdown-it.
    closer.length = closer.length || 0;
    if (!closer.close) continue;

    if (!openersBottom.has(closer.marker)) openersBottom.set(closer.marker, [-1, -1, -1, -1, -1, -1]);
    const bottoms = openersBottom.get(closer.marker)!;
    const bottomIdx = closer.marker === TILDE ? closer.length % 3 : (closer.open ? 3 : 0) + (closer.length % 3);
    const minOpenerIdx = bottoms[bottomIdx]!;

    let openerIdx = headerIdx - jumps[headerIdx]! - 1;
    let newMinOpenerIdx = openerIdx;
    for (; openerIdx > minOpenerIdx; openerIdx -= jumps[openerIdx]! + 1) {
      const opener = delimiters[openerIdx]!;
      if (opener.marker !== closer.marker) continue;
      if (!opener.open || opener.end >= 0) continue;
      // The rule of three: a run that can both open and close pairs only by lengths not summing to a multiple of three.
      const openerLength = opener.length ?? 0;
      const isOddMatch = (opener.close || closer.open) && (openerLength + closer.length) % 3 === 0 && (openerLength % 3 !== 0 || closer.length % 3 !== 0);
      if (isOddMatch) continue;
      // The change: the nearest allowed run of tildes of the other length stops the search, unpaired.
      if (closer.marker === TILDE && openerLength !== closer.length) {
        newMinOpenerIdx = -1;
        break;
      }
      // Delimiters between the pair are skipped over by later closers.
      const lastJump = openerIdx > 0 && !delimiters[openerIdx - 1]!.open ? jumps[openerIdx - 1]! + 1 : 0;
      jumps[closerIdx] = closerIdx - openerIdx + lastJump;
      jumps[openerIdx] = lastJump;
      closer.open = false;
      opener.end = closerIdx;
      opener.close = false;
      newMinOpenerIdx = -1;
      lastTokenIdx = -2;
      break;
    }
    // No opener for this closer: later closers of its class need not search below it.
    if (newMinOpenerIdx !== -1) bottoms[bottomIdx] = newMinOpenerIdx;
  }
}
