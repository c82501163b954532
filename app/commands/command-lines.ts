import type { Token } from "markdown-it";
import { COMMAND_PREFIX, LINE_START, readComment, type LineStartMeta } from "./read-comment.js";

/**
 * The lines of a comment that start with `/envbranch` as plain text, as GitHub renders the comment
 * (GFM): each starts a line of a paragraph or a setext heading's text, outside block quotes (lazy
 * continuation lines included, as GitHub shows them inside the quote), tables (a line right after a
 * table is one of its rows), code blocks, HTML blocks, code spans, raw HTML, links and emphasis; its
 * `/` is the first visible character of its source line, so list items and ATX headings count only
 * on their later lines. At most three columns of indentation, as `readComment` marks them.
 *
 * Each line is returned as it reads up to its line break: raw HTML is cut out (comments and tags
 * show nothing or only style the words), and any other markup keeps its delimiters (`` `apply` ``,
 * `*apply*`, `[apply]`), so a command written with markup never reads as the bare word.
 */
export function* commandLines(body: string): Generator<string> {
  const tokens = readComment(body);
  // markdown-it counts lines as CommonMark does: CRLF, CR and LF each end one.
  let lines: string[] | undefined;
  let quotes = 0;
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i]!;
    if (token.type === "blockquote_open") quotes += 1;
    else if (token.type === "blockquote_close") quotes -= 1;
    // Table cells hold inline tokens too, but never under a paragraph or heading.
    if (token.type !== "inline" || quotes > 0 || !opensText(tokens[i - 1])) continue;
    for (const start of lineStarts(token.children ?? [])) {
      const meta = token.children![start]!.meta as LineStartMeta;
      if (meta.firstLine) {
        lines ??= body.split(/\r\n?|\n/);
        if (!startsWithPrefix(lines[token.map?.[0] ?? -1] ?? "")) continue;
      }
      yield lineText(token.children!, start + 1);
    }
  }
}

/** Whether the source line holds nothing but spaces and tabs before `/envbranch` (markdown-it trims more). */
function startsWithPrefix(line: string): boolean {
  const text = line.replace(/^[ \t]*/, "");
  return text.slice(0, COMMAND_PREFIX.length).toLowerCase() === COMMAND_PREFIX;
}

function opensText(token: Token | undefined): boolean {
  return token?.type === "paragraph_open" || token?.type === "heading_open";
}

/** Indexes of the line starts outside links and emphasis (nesting zero). */
function* lineStarts(children: readonly Token[]): Generator<number> {
  let depth = 0;
  for (let i = 0; i < children.length; i += 1) {
    const child = children[i]!;
    if (child.type === LINE_START && depth === 0) yield i;
    depth += child.nesting;
  }
}

/** The line's text from `from` to its break, with raw HTML cut out and other markup spelled out. */
function lineText(children: readonly Token[], from: number): string {
  let text = "";
  for (let i = from; i < children.length; i += 1) {
    const child = children[i]!;
    if (child.type === "softbreak" || child.type === "hardbreak") break;
    text += shownAs(child);
  }
  return text;
}

function shownAs(token: Token): string {
  switch (token.type) {
    case "text":
      return token.content;
    case "html_inline":
      return "";
    case "code_inline":
      return `${token.markup}${token.content}${token.markup}`;
    case "link_open":
      return "[";
    case "link_close":
      return "]";
    case "image":
      return `![${token.content}]`;
    default:
      return token.markup;
  }
}
