/** Markdown building blocks that stay intact whatever text a plan puts in them. */

/**
 * Text as an inline code span. The fence is one backtick longer than the longest run inside, and
 * line breaks become spaces, so neither can end the span or the list item early; inside a code span
 * GitHub renders HTML, mentions and emphasis literally.
 */
export function codeSpan(text: string): string {
  const flat = text.replace(/[\r\n]+/g, " ");
  if (flat === "") return "(empty)";
  let longest = 0;
  for (const run of flat.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = "`".repeat(longest + 1);
  const pad = flat.startsWith("`") || flat.endsWith("`") ? " " : "";
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** Caller-provided markdown on one line, so it cannot open blocks of its own. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
