/** Recognisers for the CommonMark block starts that can hide a command line. Each looks at one line. */
import { htmlTagEnd, tagNameEnd } from "./html-tag.js";

/** A fence's character and length, as it was opened. */
export interface FenceRun {
  char: string;
  length: number;
}

/** Where an HTML block ends: at a blank line, or at the line holding one of these strings. */
export type HtmlBlockEnd = { until: "blank" } | { until: "text"; texts: readonly string[] };

/** A list item's marker: where its content starts, and whether it may interrupt a paragraph. */
export interface ListItemStart {
  /** Column where the item's content starts; its later lines must be indented this far. */
  contentColumn: number;
  /** Index of the first content character, or the line's length for an item starting empty. */
  contentOffset: number;
  /** An item may interrupt a paragraph only if it has content and is a bullet or starts at 1. */
  canInterrupt: boolean;
}

const RAW_TEXT_TAGS = ["pre", "script", "style", "textarea"];
// CommonMark 0.31.2, HTML blocks of type 6.
const BLOCK_TAGS = new Set(
  (
    "address article aside base basefont blockquote body caption center col colgroup dd details dialog dir div dl dt " +
    "fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 head header hr html iframe legend li link " +
    "main menu menuitem nav noframes ol optgroup option p param search section summary table tbody td tfoot th thead " +
    "title tr track ul"
  ).split(" "),
);

/** Width in columns of a line's leading spaces and tabs (tabs stop at multiples of 4), and where the text starts. */
export function leadingIndent(line: string, from = 0, startColumn = 0): { columns: number; offset: number } {
  let columns = startColumn;
  let offset = from;
  for (; offset < line.length; offset += 1) {
    if (line[offset] === " ") columns += 1;
    else if (line[offset] === "\t") columns += 4 - (columns % 4);
    else break;
  }
  return { columns, offset };
}

/** A run of three or more backticks or tildes at `at` that opens a fence. */
export function fenceRun(line: string, at: number): FenceRun | null {
  const char = line[at];
  if (char !== "`" && char !== "~") return null;
  let end = at;
  while (line[end] === char) end += 1;
  if (end - at < 3) return null;
  // A backtick fence's info string may not hold a backtick (that line is inline code instead).
  if (char === "`" && line.includes("`", end)) return null;
  return { char, length: end - at };
}

/** CommonMark's closing fence: the same character, at least as long, then only spaces or tabs. */
export function closesFence(line: string, at: number, fence: FenceRun): boolean {
  let end = at;
  while (line[end] === fence.char) end += 1;
  return end - at >= fence.length && isBlankFrom(line, end);
}

/** `#` to `######` followed by a space, a tab or the end of the line. */
export function isAtxHeading(line: string, at: number): boolean {
  let end = at;
  while (line[end] === "#") end += 1;
  return end > at && end - at <= 6 && (end === line.length || line[end] === " " || line[end] === "\t");
}

/** Three or more `-`, `*` or `_`, alone with spaces and tabs: a thematic break, or a setext underline. */
export function isThematicBreak(line: string, at: number): boolean {
  const char = line[at];
  if (char !== "-" && char !== "*" && char !== "_") return false;
  let count = 0;
  for (let i = at; i < line.length; i += 1) {
    if (line[i] === char) count += 1;
    else if (line[i] !== " " && line[i] !== "\t") return false;
  }
  return count >= 3;
}

/** A run of `=` or `-` alone: underlines the paragraph above into a heading. */
export function isSetextUnderline(line: string, at: number): boolean {
  const char = line[at];
  if (char !== "=" && char !== "-") return false;
  let end = at;
  while (line[end] === char) end += 1;
  return isBlankFrom(line, end);
}

/** The list item a line opens at `at` (after its indentation), or null. */
export function listItemStart(line: string, at: number, column: number): ListItemStart | null {
  let end = at;
  let ordered = false;
  if (line[at] === "-" || line[at] === "+" || line[at] === "*") {
    end = at + 1;
  } else {
    while (end - at < 9 && isDigit(line.charCodeAt(end))) end += 1;
    if (end === at || (line[end] !== "." && line[end] !== ")")) return null;
    ordered = true;
    end += 1;
  }
  if (end < line.length && line[end] !== " " && line[end] !== "\t") return null;
  const markerColumn = column + (end - at);
  const space = leadingIndent(line, end, markerColumn);
  const empty = space.offset === line.length;
  const startsAtOne = !ordered || Number(line.slice(at, end - 1)) === 1;
  // Content indented five or more columns past the marker is indented code one column in.
  if (empty || space.columns - markerColumn > 4) {
    return { contentColumn: markerColumn + 1, contentOffset: empty ? line.length : end + 1, canInterrupt: !empty && startsAtOne };
  }
  return { contentColumn: space.columns, contentOffset: space.offset, canInterrupt: startsAtOne };
}

/** The end of the HTML block a line opens at `at`, or null. Type 7 blocks cannot interrupt a paragraph. */
export function htmlBlockStart(line: string, at: number, inParagraph: boolean): HtmlBlockEnd | null {
  if (line[at] !== "<") return null;
  const rest = line.slice(at, at + 12).toLowerCase();
  const rawTag = RAW_TEXT_TAGS.find((tag) => rest.startsWith(`<${tag}`) && isTagNameEnd(line, at + tag.length + 1));
  if (rawTag !== undefined) return { until: "text", texts: RAW_TEXT_TAGS.map((tag) => `</${tag}>`) };
  if (rest.startsWith("<!--")) return { until: "text", texts: ["-->"] };
  if (rest.startsWith("<?")) return { until: "text", texts: ["?>"] };
  if (rest.startsWith("<![cdata[")) return { until: "text", texts: ["]]>"] };
  if (rest.startsWith("<!") && /[a-z]/.test(rest[2] ?? "")) return { until: "text", texts: [">"] };
  const nameStart = rest.startsWith("</") ? at + 2 : at + 1;
  const nameEnd = tagNameEnd(line, nameStart);
  if (nameEnd !== -1 && BLOCK_TAGS.has(line.slice(nameStart, nameEnd).toLowerCase()) && isBlockTagEnd(line, nameEnd)) return { until: "blank" };
  // Type 7: any other complete tag alone on its line; `</pre>` counts too, as in cmark and commonmark.js.
  const tagEnd = inParagraph ? -1 : htmlTagEnd(line, at);
  return tagEnd !== -1 && isBlankFrom(line, tagEnd) ? { until: "blank" } : null;
}

/** Whether a line ends the HTML block. Case does not matter in closing tags. */
export function endsHtmlBlock(line: string, end: HtmlBlockEnd): boolean {
  if (end.until === "blank") return isBlankFrom(line, 0);
  const lower = end.texts.some((text) => /[a-z]/.test(text)) ? line.toLowerCase() : line;
  return end.texts.some((text) => lower.includes(text));
}

function isBlankFrom(line: string, from: number): boolean {
  for (let i = from; i < line.length; i += 1) if (line[i] !== " " && line[i] !== "\t") return false;
  return true;
}

function isTagNameEnd(line: string, at: number): boolean {
  return at === line.length || line[at] === " " || line[at] === "\t" || line[at] === ">";
}

function isBlockTagEnd(line: string, at: number): boolean {
  return isTagNameEnd(line, at) || line.startsWith("/>", at);
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
