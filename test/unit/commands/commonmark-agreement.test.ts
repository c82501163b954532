import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { proseLines } from "../../../app/commands/prose-lines.js";

/**
 * The command scanner against commonmark.js, CommonMark's reference implementation: on random
 * comments built from the constructs that matter (fences, lists, HTML blocks, code spans, inline
 * HTML and autolinks, comments, headings, indentation), a line starting with `/envbranch` must count as prose exactly when the
 * reference parser puts it at the start of a line of paragraph or heading text outside quotes.
 * Quotes are always followed by a blank line here: lazy continuation is where the two differ on
 * purpose (see `proseLines`).
 */

interface CommonMarkNode {
  type: string;
  literal: string | null;
  parent: CommonMarkNode | null;
  firstChild: CommonMarkNode | null;
  next: CommonMarkNode | null;
  walker(): { next(): { entering: boolean; node: CommonMarkNode } | null };
}
type CommonMarkParser = new () => { parse(text: string): CommonMarkNode };

const LINES = [
  "/envbranch apply", " /envbranch plan", "   /envbranch unlock", "/envbranch apply <!-- c -->", "/envbranch `x`",
  "```", "````", "~~~", "~~~~", "``` js", "```x`", "  ```", "   ~~~", "    ```", "```   ", "```\t", "~~~ ```", "`````",
  "> quote\n", ">> q\n", "   > q\n", "> ```\n", "- > q\n", "> - x\n",
  "`", "``", "a `b", "c` d", "`` e", "\\`", "a \\`` b", "   `` x", "`` y ``",
  "<!--", "-->", "<!-- x -->", "a <!-- b", "<!-->", "x --> y", "a\n<!--", "<!-- a\n\n/envbranch apply -->",
  "# head", "## h `", "    indented", "\tindented", "    text", "", "", "   ", "\t", "text", "more text", "  text", "a\\", "text  ",
  "---", "===", "* * *", "- item", "- ```", "1. ```", "* ~~~", "1) x", "+ ``", "  - ```", "    - ~~~", "2. ```", "2. x", "-", "1.",
  "-     code", "- - ```", "  * item", "\t- item", "-\t```", "   - ```", "  /envbranch apply", "1. /envbranch apply",
  "- item\n\n  ```", "-\n  /envbranch plan", "*\n\n/envbranch plan",
  "<div>", "</div>", "<pre>", "</pre>", "<pre x='1'>", "<script>", "</script>", "<?php", "?>", "<!DOCTYPE html>", "<![CDATA[", "]]>",
  '<a href="x">', "<span>", "</span>", "<a b c=d e='f'>", "<a/>", "<details><summary>x</summary>", "</details>", "<DIV class=x>",
  "<p>", "  <div>", "    <div>", "<custom-tag>", "<a", "text <span>",
  'x <a title="`">', "<b x='`'> y", "<http://a.b/`>", "a <span `>", '` <i a="`"> `', "x <a@b.c> `", "<a`b@c.d>", "y <?x `", "?> `",
  "z <!X `", "q <![CDATA[ `", "a <b", 'c="`">', "  d='`'>", "<x", "y>", "t <a\tb", "`>", "mailto:<x@y>",
];

// Each candidate line's `/envbranch` becomes a numbered probe of the same length and shape.
function withProbes(body: string): string {
  let n = 0;
  return body
    .split("\n")
    .map((line) => line.replace(/^( {0,3})\/envbranch/, (_match, indent: string) => `${indent}/p${String(n++).padStart(4, "0")}zzzz`))
    .join("\n");
}

const probe = /^\/p(\d{4})zzzz/;

function probesByReference(Parser: CommonMarkParser, body: string): number[] {
  const found: number[] = [];
  const walker = new Parser().parse(body).walker();
  for (let event = walker.next(); event; event = walker.next()) {
    const node = event.node;
    if (!event.entering || (node.type !== "paragraph" && node.type !== "heading")) continue;
    let quoted = false;
    for (let up = node.parent; up; up = up.parent) quoted ||= up.type === "block_quote";
    if (quoted) continue;
    let lineStart = true;
    for (let child = node.firstChild; child; child = child.next) {
      const match = lineStart && child.type === "text" ? probe.exec(child.literal ?? "") : null;
      if (match) found.push(Number(match[1]));
      lineStart = child.type === "softbreak" || child.type === "linebreak";
    }
  }
  return found.sort((a, b) => a - b);
}

function probesByScanner(body: string): number[] {
  return [...proseLines(body)]
    .map((line) => probe.exec(line)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

async function loadCommonMark(): Promise<CommonMarkParser | null> {
  const name = "commonmark";
  try {
    return ((await import(name)) as { Parser: CommonMarkParser }).Parser;
  } catch {
    return null;
  }
}

const Parser = await loadCommonMark();
if (!Parser) console.log("commonmark-agreement: skipped, the dev dependency `commonmark` (0.31.2) is not installed");

describe.skipIf(!Parser)("the command scanner agrees with commonmark.js", () => {
  it("on 20,000 random comments", () => {
    if (!Parser) return;
    const comment = fc.array(fc.constantFrom(...LINES), { minLength: 1, maxLength: 12 }).map((lines) => withProbes(lines.join("\n")));
    fc.assert(
      fc.property(comment, (body) => {
        expect(probesByScanner(body)).toEqual(probesByReference(Parser, body));
      }),
      { numRuns: 20_000 },
    );
  });

  it("finds probes at all (the comparison is not vacuous)", () => {
    if (!Parser) return;
    const body = withProbes("/envbranch apply\n\n```\n/envbranch plan\n```");
    expect(probesByReference(Parser, body)).toEqual([0]);
    expect(probesByScanner(body)).toEqual([0]);
  });
});
