import type { MarkdownIt, StateInline } from "markdown-it";
import { tildePairs } from "./tilde-pairs.js";

const TILDE = 0x7e;

/**
 * Strikethrough as cmark-gfm, which renders comments on GitHub, reads it: a run of one or two
 * tildes opens or closes (by the same flanking rules as `*`), a closing run pairs with the nearest
 * open run before it that emphasis's rules allow if that run has its length (see `tildePairs`), and
 * a run of three or more is text. markdown-it 15 takes only `~~` and splits longer runs into pairs, so a
 * command inside `~…~` would read as one. This replaces markdown-it's `strikethrough` rules, and
 * the pairs it makes are `s_open` and `s_close` tokens as before (their markup the run).
 */
export function gfmStrikethrough(md: MarkdownIt): void {
  md.use(tildePairs);
  md.inline.ruler.at("strikethrough", tokenize);
  md.inline.ruler2.at("strikethrough", (state) => {
    pairsToTokens(state, state.delimiters);
    for (const meta of state.tokens_meta) if (meta?.delimiters) pairsToTokens(state, meta.delimiters);
    return false;
  });
}

function tokenize(state: StateInline, silent: boolean): boolean {
  if (silent || state.src.charCodeAt(state.pos) !== TILDE) return false;
  const scanned = state.scanDelims(state.pos, true);
  const token = state.push("text", "", 0);
  token.content = "~".repeat(scanned.length);
  // The run's length: cmark-gfm pairs runs of tildes by emphasis's rule of three too, so a run that
  // can both open and close passes over an opener of the other length.
  if (scanned.length <= 2 && (scanned.can_open || scanned.can_close)) {
    state.delimiters.push({ marker: TILDE, length: scanned.length, token: state.tokens.length - 1, end: -1, open: scanned.can_open, close: scanned.can_close });
  }
  state.pos += scanned.length;
  return true;
}

/** Turns each pair of runs into `s_open` and `s_close`. */
function pairsToTokens(state: StateInline, delimiters: StateInline["delimiters"]): void {
  for (const opener of delimiters) {
    if (opener.marker !== TILDE || opener.end === -1) continue;
    const open = state.tokens[opener.token]!;
    const close = state.tokens[delimiters[opener.end]!.token]!;
    for (const [token, type, nesting] of [[open, "s_open", 1], [close, "s_close", -1]] as const) {
      token.type = type;
      token.tag = "s";
      token.nesting = nesting;
      token.markup = token.content;
      token.content = "";
    }
  }
}
