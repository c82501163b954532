/** CommonMark's raw HTML tags and autolinks, scanned by hand so a long or broken one costs one pass. */

/** The end (exclusive) of a tag name starting at `from`, or -1 when none starts there. */
export function tagNameEnd(text: string, from: number): number {
  if (!isLetter(text.charCodeAt(from))) return -1;
  let end = from + 1;
  while (isLetter(text.charCodeAt(end)) || isDigit(text.charCodeAt(end)) || text[end] === "-") end += 1;
  return end;
}

/**
 * The end (exclusive) of the open or closing tag at `at`, or -1. Whitespace inside a tag may
 * include line breaks, so in a paragraph a tag can hide the start of the next line.
 */
export function htmlTagEnd(text: string, at: number): number {
  if (text[at] !== "<") return -1;
  if (text[at + 1] === "/") {
    const name = tagNameEnd(text, at + 2);
    const close = name === -1 ? -1 : skipSpace(text, name);
    return close !== -1 && text[close] === ">" ? close + 1 : -1;
  }
  let i = tagNameEnd(text, at + 1);
  if (i === -1) return -1;
  for (;;) {
    const next = skipSpace(text, i);
    if (text[next] === ">") return next + 1;
    if (text.startsWith("/>", next)) return next + 2;
    // Each attribute needs whitespace before it and a name: a letter, `_` or `:` first.
    if (next === i || !/[A-Za-z_:]/.test(text[next] ?? "")) return -1;
    i = next + 1;
    while (/[A-Za-z0-9_.:-]/.test(text[i] ?? "")) i += 1;
    const equals = skipSpace(text, i);
    if (text[equals] !== "=") continue;
    const value = skipSpace(text, equals + 1);
    const quote = text[value];
    if (quote === '"' || quote === "'") {
      const close = text.indexOf(quote, value + 1);
      if (close === -1) return -1;
      i = close + 1;
    } else {
      i = value;
      while (i < text.length && !/[\s"'=<>`]/.test(text[i] ?? "")) i += 1;
      if (i === value) return -1;
    }
  }
}

/** The end (exclusive) of the URI or email autolink at `at` (`<https://…>`, `<a@b.c>`), or -1. */
export function autolinkEnd(text: string, at: number): number {
  if (text[at] !== "<") return -1;
  let i = at + 1;
  while (i - at - 1 < 32 && /[A-Za-z0-9+.-]/.test(text[i] ?? "")) i += 1;
  const scheme = i - at - 1;
  if (scheme >= 2 && isLetter(text.charCodeAt(at + 1)) && text[i] === ":") {
    for (i += 1; i < text.length; i += 1) {
      const code = text.charCodeAt(i);
      if (text[i] === ">") return i + 1;
      if (text[i] === "<" || code <= 0x20) return -1;
    }
    return -1;
  }
  i = at + 1;
  while (/[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]/.test(text[i] ?? "")) i += 1;
  if (i === at + 1 || text[i] !== "@") return -1;
  // Domain labels: letters, digits and inner hyphens, at most 63 each, dot-separated.
  for (;;) {
    const label = i + 1;
    i = label;
    while (i - label < 63 && /[A-Za-z0-9-]/.test(text[i] ?? "")) i += 1;
    if (i === label || text[label] === "-" || text[i - 1] === "-") return -1;
    if (text[i] === ">") return i + 1;
    if (text[i] !== ".") return -1;
  }
}

function skipSpace(text: string, from: number): number {
  let i = from;
  while (text[i] === " " || text[i] === "\t" || text[i] === "\n") i += 1;
  return i;
}

function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
