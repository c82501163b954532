import type { MarkdownIt, StateInline } from "markdown-it";

/**
 * Where raw HTML other than a tag ends, by how it starts (CommonMark 0.31.2): a comment, CDATA, a
 * processing instruction, a declaration. `<!-->` and `<!--->` are whole comments and never listed.
 */
function terminatorAt(src: string, pos: number): { terminator: string; from: number } | null {
  if (src.startsWith("<!--", pos)) return src.startsWith(">", pos + 4) || src.startsWith("->", pos + 4) ? null : { terminator: "-->", from: pos + 4 };
  if (src.startsWith("<![CDATA[", pos)) return { terminator: "]]>", from: pos + 9 };
  if (src.startsWith("<?", pos)) return { terminator: "?>", from: pos + 2 };
  if (src.startsWith("<!", pos) && /[A-Za-z]/.test(src[pos + 2] ?? "")) return { terminator: ">", from: pos + 3 };
  return null;
}

// Per inline parse (one paragraph or heading), the terminators known to be missing from there on.
const missing = new WeakMap<StateInline, Set<string>>();

/**
 * markdown-it 15 stops reading every kind of raw HTML comment, CDATA, instruction and declaration
 * once one kind is left unclosed, so after `<![CDATA[` a later `<!-- … -->` reads as text and a
 * command hidden in it would run. cmark-gfm, which renders comments on GitHub, skips only the kind
 * that was left unclosed. This rule runs just before markdown-it's `html_inline` and sets its skip
 * flag the same way, per kind: it searches for each kind's terminator until one is missing (then
 * it is missing for the rest of the paragraph too), which keeps the parse linear.
 */
export function rawHtmlPerKind(md: MarkdownIt): void {
  md.inline.ruler.before("html_inline", "raw_html_per_kind", (state) => {
    const special = terminatorAt(state.src, state.pos);
    if (!special) return false;
    let known = missing.get(state);
    if (!known) missing.set(state, (known = new Set()));
    if (!known.has(special.terminator) && state.src.indexOf(special.terminator, special.from) === -1) known.add(special.terminator);
    state.skipHtmlSpecial = known.has(special.terminator);
    return false;
  });
}
