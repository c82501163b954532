import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { commandLines } from "../../../app/commands/command-lines.js";

/**
 * `commandLines` (markdown-it in GFM mode) against reference renderers. CommonMark: on random
 * comments built from the constructs that matter (fences, lists, quotes and their lazy lines, HTML
 * blocks, code spans, inline HTML and autolinks, comments, headings, indentation), a line starting
 * with `/envbranch` must be a command line exactly when commonmark.js, CommonMark's reference
 * implementation, puts it at the start of a line of paragraph or heading text outside quotes. The
 * lines hold no table and no `~`, where GFM and CommonMark differ. GFM tables and strikethrough: the
 * examples of GitHub's spec, with a command where the spec has text, against the HTML the spec gives.
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
  "> quote", ">> q", "   > q", "> ```", "- > q", "> - x", "> /envbranch plan", "> <!--",
  ">>> q", "> > q", ">>", "> >", " >> q", ">\t> q", ">> - x", ">> ```", ">> # h", ">> ---", ">>     code", "> >     code", ">> <div>",
  "    - x", "    ```", "    # h", "    ---", "    > q", "\t```", "        - x", "  > q", "- >> q", "1. > > q", ">> /envbranch plan",
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

// Each candidate line's `/envbranch` gets a numbered probe after it, so lines can be told apart.
function withProbes(body: string): string {
  let n = 0;
  return body
    .split("\n")
    .map((line) => line.replace(/^( {0,3})\/envbranch/, (_match, indent: string) => `${indent}/envbranch p${String(n++).padStart(4, "0")}`))
    .join("\n");
}

const probe = /^\/envbranch p(\d{4})/;

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

/** The probes of the command lines; a command line without a probe would be one the reference never saw. */
function probesByParser(body: string): Array<number | "no probe"> {
  return [...commandLines(body)].map((line) => {
    const match = probe.exec(line);
    return match ? Number(match[1]) : "no probe";
  }).sort((a, b) => (a === "no probe" ? 1 : b === "no probe" ? -1 : a - b));
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

describe.skipIf(!Parser)("command lines agree with commonmark.js", () => {
  it("on 20,000 random comments", () => {
    if (!Parser) return;
    const comment = fc.array(fc.constantFrom(...LINES), { minLength: 1, maxLength: 12 }).map((lines) => withProbes(lines.join("\n")));
    fc.assert(
      fc.property(comment, (body) => {
        expect(probesByParser(body)).toEqual(probesByReference(Parser, body));
      }),
      { numRuns: 20_000 },
    );
  });

  it("finds probes at all (the comparison is not vacuous)", () => {
    if (!Parser) return;
    const body = withProbes("/envbranch apply\n\n```\n/envbranch plan\n```");
    expect(probesByReference(Parser, body)).toEqual([0]);
    expect(probesByParser(body)).toEqual([0]);
  });
});

describe("lazy lines in nested quotes, as CommonMark reads them", () => {
  // markdown-it 15 alone ends the inner quote at these lines and reads the commands after it (see lazy-quote.ts).
  it.each([">> q\n    ```\n/envbranch apply", ">> q\n/envbranch plan\n\t- item\n/envbranch apply", ">>> q\n    - x\n/envbranch apply", "> > q\n    # h\n/envbranch apply"])(
    "%j: the quote GitHub shows goes on",
    (body) => {
      expect([...commandLines(body)]).toEqual([]);
    },
  );

  it("a single quote's lazy lines stay quoted", () => {
    expect([...commandLines("> q\n    ```\n/envbranch apply")]).toEqual([]);
  });

  it("a nested quote still ends where its lazy line cannot continue a paragraph", () => {
    expect([...commandLines(">> ```\n    - x\n/envbranch apply")]).toEqual(["/envbranch apply"]);
    expect([...commandLines(">>\n    - x\n\n/envbranch apply")]).toEqual(["/envbranch apply"]);
    // A `>` indented four columns is no quote marker: the heading cannot take the line, so the quote ends.
    expect([...commandLines(">> # h\n    > q\n/envbranch apply")]).toEqual(["/envbranch apply"]);
  });
});

/** The GFM spec's table examples (github/cmark-gfm test/spec.txt), its text cells `bar` made commands. */
const GFM_TABLE_EXAMPLES: Array<{ markdown: string; paragraphs: string[] }> = [
  // The table is broken at the first empty line, or beginning of another block-level structure.
  { markdown: "| abc | def |\n| --- | --- |\n| bar | baz |\n> /envbranch plan", paragraphs: [] },
  { markdown: "| abc | def |\n| --- | --- |\n| bar | baz |\n/envbranch plan\n\n/envbranch apply", paragraphs: ["/envbranch apply"] },
  // The header row must match the delimiter row in the number of cells.
  { markdown: "| abc | def |\n| --- |\n/envbranch apply", paragraphs: ["/envbranch apply"] },
  // The remainder of the table's rows may vary in the number of cells.
  { markdown: "| abc | def |\n| --- | --- |\n| bar |\n| bar | baz | boo |\n/envbranch apply", paragraphs: [] },
  { markdown: "| abc | def |\n| --- | --- |\n/envbranch apply", paragraphs: [] },
  // Leading and trailing pipes may be inconsistent; a row needs no pipe at all.
  { markdown: "| abc | defghi |\n:-: | -----------:\nbar | baz\n/envbranch apply", paragraphs: [] },
  { markdown: "| f\\|oo  |\n| ------ |\n| b `\\|` az |\n/envbranch apply", paragraphs: [] },
];

/** The GFM spec's strikethrough examples (github/cmark-gfm test/spec.txt), a command starting a line inside each span. */
const GFM_STRIKETHROUGH_EXAMPLES: Array<{ markdown: string; paragraphs: string[] }> = [
  // Strikethrough text is any text wrapped in a matching pair of one or two tildes.
  { markdown: "~~Hi\n/envbranch apply~~ Hello, ~there\n/envbranch plan~ world!", paragraphs: [] },
  // As with regular emphasis delimiters, a new paragraph will cause strikethrough parsing to cease.
  { markdown: "This ~~has a\n\n/envbranch apply~~.", paragraphs: ["/envbranch apply~~."] },
  // Three or more tildes do not create a strikethrough.
  { markdown: "This will ~~~not\n/envbranch apply~~~ strike.", paragraphs: ["/envbranch apply~~~ strike."] },
];

describe("command lines agree with the GFM spec's strikethrough", () => {
  it.each(GFM_STRIKETHROUGH_EXAMPLES)("$markdown", ({ markdown, paragraphs }) => {
    expect([...commandLines(markdown)]).toEqual(paragraphs);
  });
});

describe("command lines agree with the GFM spec's tables", () => {
  it.each(GFM_TABLE_EXAMPLES)("$markdown", ({ markdown, paragraphs }) => {
    expect([...commandLines(markdown)]).toEqual(paragraphs);
  });

  it("a line right after any table is a row, after a blank line a paragraph", () => {
    const cell = fc.stringMatching(/^[a-z `*]{0,6}$/);
    const table = fc.integer({ min: 1, max: 4 }).chain((width) =>
      fc.tuple(
        fc.array(cell, { minLength: width, maxLength: width }),
        fc.array(fc.constantFrom("---", ":--", "--:", ":-:"), { minLength: width, maxLength: width }),
        fc.array(fc.array(cell, { minLength: 1, maxLength: width + 1 }), { maxLength: 4 }),
        fc.boolean(),
      ),
    );
    fc.assert(
      fc.property(table, ([header, delimiters, rows, blank]) => {
        const row = (cells: string[]) => `| ${cells.join(" | ")} |`;
        const body = [row(header), row(delimiters), ...rows.map(row), ...(blank ? [""] : []), "/envbranch apply"].join("\n");
        expect([...commandLines(body)]).toEqual(blank ? ["/envbranch apply"] : []);
      }),
      { numRuns: 2_000 },
    );
  });
});
