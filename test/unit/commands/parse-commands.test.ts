import { describe, expect, it } from "vitest";
import { parseCommands, type ParsedCommand } from "../../../app/commands/parse-commands.js";

const apply: ParsedCommand = { name: "apply" };
const plan: ParsedCommand = { name: "plan" };
const unlock: ParsedCommand = { name: "unlock" };
const help: ParsedCommand = { name: "help" };
const unknown = (text: string): ParsedCommand => ({ name: "unknown", text });
const lines = (...body: string[]) => body.join("\n");

// [case, comment body, commands expected]
const cases: Array<[string, string, ParsedCommand[]]> = [
  // The commands themselves
  ["apply on its own line", "/envbranch apply", [apply]],
  ["plan, unlock and help", lines("/envbranch plan", "/envbranch unlock", "/envbranch help"), [plan, unlock, help]],
  ["/envbranch alone asks for help", "/envbranch", [help]],
  ["/envbranch alone with trailing spaces asks for help", "/envbranch   \t", [help]],
  ["a command after prose, in the same paragraph", lines("Looks good to me.", "/envbranch apply"), [apply]],
  ["a command between paragraphs", lines("Thanks!", "", "/envbranch apply", "", "Cheers"), [apply]],
  ["no command at all", "LGTM, ship it", []],
  ["an empty body", "", []],

  // Case and spacing
  ["any case", "/EnvBranch APPLY", [apply]],
  ["extra spaces and tabs between the words", "/EnvBranch   \t Apply   ", [apply]],
  ["a no-break space between the words", "/envbranch\u00a0apply", [apply]],
  ["up to three spaces in front", lines("   /envbranch apply"), [apply]],
  ["a no-break space in front is text, not indentation", "\u00a0/envbranch apply", []],
  ["a no-break space in front of a later line too", lines("text", "\u00a0/envbranch apply"), []],
  ["four spaces in front is code", lines("", "    /envbranch apply"), []],
  ["a tab in front is code", "\t/envbranch apply", []],
  ["four spaces in front under prose is still not a command", lines("text", "    /envbranch apply"), []],

  // Line endings
  ["CRLF line endings", "LGTM\r\n/envbranch apply\r\n", [apply]],
  ["CRLF fenced code", "```\r\n/envbranch apply\r\n```\r\n/envbranch plan\r\n", [plan]],
  ["old Mac CR line endings", "LGTM\r/envbranch unlock\r", [unlock]],

  // Several commands
  ["several commands in order of appearance", lines("/envbranch plan", "/envbranch apply"), [plan, apply]],
  ["duplicates collapse to the first appearance", lines("/envbranch apply", "/envbranch plan", "/ENVBRANCH apply"), [apply, plan]],
  ["help asked twice, alone and by name", lines("/envbranch", "/envbranch help"), [help]],

  // Unknown commands
  ["an unknown word", "/envbranch frobnicate", [unknown("frobnicate")]],
  ["extra words after a known command are unknown", "/envbranch apply now", [unknown("apply now")]],
  ["unknown text keeps its case, spaces collapsed", "/envbranch  Apply \t NOW", [unknown("Apply NOW")]],
  ["punctuation after a command makes it unknown", "/envbranch apply.", [unknown("apply.")]],
  ["only the first unknown line is kept", lines("/envbranch foo", "/envbranch bar", "/envbranch plan"), [unknown("foo"), plan]],
  ["an argument in inline code is not the command", "/envbranch `apply`", [unknown("`apply`")]],
  ["unlock takes a lock ID, as terraform force-unlock does", "/envbranch unlock 8d1b2c3a-0000-4000-8000-000000000001", [{ name: "unlock", lockId: "8d1b2c3a-0000-4000-8000-000000000001" }]],
  ["a lock ID is one word of letters, digits and hyphens", "/envbranch unlock ../x", [unknown("unlock ../x")]],
  ["unlock takes at most one lock ID", "/envbranch unlock a b", [unknown("unlock a b")]],
  ["restore names the snapshot it restores", "/envbranch restore 2026-12-02T04:43:02.1234567Z", [{ name: "restore", version: "2026-12-02T04:43:02.1234567Z" }]],
  ["restore without a snapshot is unknown, so the reply is the help", "/envbranch restore", [unknown("restore")]],
  ["a snapshot id is a UTC timestamp, never a path or markup", "/envbranch restore ../x", [unknown("restore ../x")]],
  ["restore takes one snapshot", "/envbranch RESTORE 2026-12-02T04:43:02Z 2026-12-02T04:43:03Z", [unknown("RESTORE 2026-12-02T04:43:02Z 2026-12-02T04:43:03Z")]],

  // Near misses
  ["a longer word is not the command", "/envbranchx apply", []],
  ["text before the command", "x /envbranch apply", []],
  ["no slash", "envbranch apply", []],
  ["a space after the slash", "/ envbranch apply", []],
  ["two slashes", "//envbranch apply", []],
  ["an escaped slash", "\\/envbranch apply", []],
  ["in a list item", "- /envbranch apply", []],
  ["in a heading", "# /envbranch apply", []],
  ["in bold", "**/envbranch apply**", []],
  ["inside a link", "[/envbranch apply](https://example.com)", []],

  // Fenced code
  ["in a backtick fence", lines("```", "/envbranch apply", "```"), []],
  ["after a closed fence", lines("```", "/envbranch plan", "```", "/envbranch apply"), [apply]],
  ["in a fence with an info string", lines("```bash", "/envbranch apply", "```"), []],
  ["a fence is not closed by a shorter one", lines("````", "```", "/envbranch apply", "````"), []],
  ["a fence is closed by a longer one", lines("```", "x", "`````", "/envbranch apply"), [apply]],
  ["a closing fence with text after it does not close", lines("```", "``` not a close", "/envbranch apply", "```"), []],
  ["a closing fence may carry trailing spaces", lines("```", "x", "```   ", "/envbranch apply"), [apply]],
  ["in a tilde fence", lines("~~~", "/envbranch apply", "~~~"), []],
  ["a tilde fence is not closed by backticks", lines("~~~", "```", "/envbranch apply", "~~~", "/envbranch plan"), [plan]],
  ["a backtick fence is not closed by tildes", lines("```", "~~~", "/envbranch apply", "```"), []],
  ["an unclosed fence hides the rest of the comment", lines("```", "/envbranch apply", "", "/envbranch plan"), []],
  ["a fence indented three spaces, closed indented three", lines("   ```", "/envbranch apply", "   ```", "/envbranch plan"), [plan]],
  ["a fence indented four spaces is not a fence", lines("", "    ```", "", "/envbranch apply"), [apply]],
  ["a fence interrupts a paragraph", lines("Here is how:", "```", "/envbranch apply", "```"), []],
  ["backticks in the info string make inline code, not a fence", lines("```js`", "/envbranch apply"), [apply]],
  ["a fence opened in a list item", lines("- ```", "  /envbranch apply", "  ```"), []],
  ["a fence in a list item ends with the item", lines("- ```", "  x", "/envbranch apply"), [apply]],
  ["a fence in an indented list item body", lines("1. Run:", "", "   ```", "   /envbranch apply", "   ```"), []],

  // Indented code
  ["an indented code block", lines("Example:", "", "    /envbranch apply", "", "Done"), []],

  // Block quotes
  ["in a block quote", "> /envbranch apply", []],
  ["in an indented block quote", "   > /envbranch apply", []],
  ["in a nested block quote", ">> /envbranch apply", []],
  ["a quote-reply, then the command", lines("> Please apply", "", "/envbranch apply"), [apply]],
  // GitHub shows a line right after a quote inside it (CommonMark's lazy continuation).
  ["a line right after a quote without `>` is still quoted", lines("> Please apply", "/envbranch apply"), []],
  ["a fence inside a quote ends with the quote", lines("> ```", "> /envbranch plan", "", "/envbranch apply"), [apply]],

  // Inline code
  ["in inline code", "`/envbranch apply`", []],
  ["inside a code span that crosses lines", lines("Type `` this", "/envbranch apply", "`` to apply"), []],
  ["after a code span that closed on the line before", lines("Type `this", "one` then:", "/envbranch apply"), [apply]],
  ["an unmatched backtick does not hide the next line", lines("a ` b", "/envbranch apply"), [apply]],
  ["backtick runs of different lengths do not match", lines("a `` b", "/envbranch apply", "c ` d"), [apply]],
  ["an escaped backtick opens no span", lines("a \\` b", "/envbranch apply", "c ` d"), [apply]],
  ["a code span does not cross a blank line", lines("a ` b", "", "/envbranch apply", "c ` d"), [apply]],

  // Inline HTML and autolinks
  ["a backtick inside an inline tag opens no code span", lines('See <a title="`">', "/envbranch apply", "`"), [apply]],
  ["a backtick inside an autolink opens no code span", lines("See <https://example.com/`>", "/envbranch apply", "`"), [apply]],
  ["a tag spanning lines hides the line that starts inside it", lines("See <a title='x", "/envbranch apply'>"), []],
  ["a broken tag hides nothing", lines("See <a title='x", "/envbranch apply"), [apply]],
  ["a tag after the command is cut out", "/envbranch apply <br>", [apply]],
  ["a tag around the word is cut out", "/envbranch <b>apply</b>", [apply]],

  // HTML comments
  ["in an HTML comment", "<!-- /envbranch apply -->", []],
  ["in a multi-line HTML comment", lines("<!--", "/envbranch apply", "-->"), []],
  ["in a comment that starts mid-paragraph", lines("Note <!--", "/envbranch apply", "--> end"), []],
  ["an unclosed comment at a line start hides the rest", lines("<!-- draft", "/envbranch apply"), []],
  ["an unclosed comment inside a paragraph is text", lines("a <!-- b", "/envbranch apply"), [apply]],
  ["after a closed comment", lines("<!-- note -->", "/envbranch apply"), [apply]],
  ["the shortest comment, <!-->, is closed", lines("<!-->", "/envbranch apply"), [apply]],
  ["a comment after the command is cut out", "/envbranch apply <!-- thanks -->", [apply]],
  ["a comment opened after the command and closed later is cut out", lines("/envbranch plan <!--", "/envbranch apply", "-->"), [plan]],

  // One kind of raw HTML left unclosed hides nothing, and the other kinds still close (as in cmark-gfm).
  ["a comment after an unclosed CDATA still hides", lines("q <![CDATA[ x", "a <!--", "/envbranch apply", "-->"), []],
  ["a comment after an unclosed declaration still hides", lines("q <!X", "a <!--", "/envbranch apply", "-->"), []],
  ["a comment after an unclosed instruction still hides", lines("q <? x", "a <!--", "/envbranch apply", "-->"), []],
  ["a declaration after an unclosed comment still hides", lines("q <!-- x", "a <!X", "/envbranch apply", "y >"), []],
  ["an unclosed kind stays text for the rest of the paragraph", lines("q <?", "a <? b", "/envbranch apply"), [apply]],

  // HTML blocks
  ["inside an HTML block, which runs to a blank line", lines("<details>", "/envbranch apply", "</details>"), []],
  ["after an HTML block and a blank line", lines("<details>", "", "/envbranch apply", "", "</details>"), [apply]],
  ["inside <pre>, which runs to its closing tag", lines("<pre>", "", "/envbranch apply", "</pre>", "/envbranch plan"), [plan]],
  ["under a lone tag line (CommonMark's type 7 block)", lines("<span>", "/envbranch apply"), []],
  ["a lone tag line cannot interrupt a paragraph", lines("Text", "<span>", "/envbranch apply"), [apply]],

  // Lists
  ["a list item's paragraph continues under it", lines("- first", "  /envbranch apply"), [apply]],
  ["an empty list item ends at a blank line", lines("-", "", "  ```", "/envbranch apply", "  ```"), []],
  ["an indented fence inside a list item", lines("- item", "", "    ```", "   /envbranch apply", "    ```"), []],

  // Tables (GFM)
  ["in a table cell", lines("| command |", "| --- |", "| /envbranch apply |"), []],
  ["a line right after a table is one of its rows", lines("| a | b |", "| --- | --- |", "| c | d |", "/envbranch apply"), []],
  ["a row may be a line without pipes", lines("| a |", "| - |", "/envbranch apply"), []],
  ["after a table and a blank line", lines("| a | b |", "| --- | --- |", "", "/envbranch apply"), [apply]],
  ["a quote ends a table", lines("| a |", "| - |", "> x", "", "/envbranch apply"), [apply]],
  ["a header row without its delimiter row is prose", lines("| a | b |", "/envbranch apply"), [apply]],
  ["a delimiter row of another width makes no table", lines("| a | b |", "| --- |", "/envbranch apply"), [apply]],
  ["a table interrupts the paragraph above it, not the command", lines("/envbranch plan", "| a |", "| - |", "/envbranch apply"), [plan]],

  // Markup around the words
  ["struck through (GFM)", "~~/envbranch apply~~", []],
  ["a struck-through word is not the command", "/envbranch ~~apply~~", [unknown("~~apply~~")]],
  // cmark-gfm, which renders comments on GitHub, strikes through between runs of one or two tildes.
  ["struck through with one tilde (GFM)", "~/envbranch apply~", []],
  ["a word struck through with one tilde is not the command", "/envbranch ~apply~", [unknown("~apply~")]],
  ["inside strikethrough opened on the line before", lines("~~Note", "/envbranch apply~~"), []],
  ["inside one-tilde strikethrough opened on the line before", lines("~Note", "/envbranch apply~"), []],
  ["three tildes strike nothing through", lines("Note ~~~that", "/envbranch apply~~~"), [unknown("apply~~~")]],
  ["runs of one and two tildes strike nothing through", lines("Note ~that", "/envbranch apply~~"), [unknown("apply~~")]],
  ["the nearest run of the other length stops a strikethrough", lines("~a ~~b", "/envbranch apply~"), [unknown("apply~")]],
  ["a run left unpaired by one of the other length pairs later", lines("x ~a ~~b~", "/envbranch apply~~ c"), []],
  ["an emphasised word is not the command", "/envbranch *apply*", [unknown("*apply*")]],
  ["a linked word is not the command", "/envbranch [apply](https://example.com)", [unknown("[apply]")]],
  ["inside emphasis opened on the line before", lines("*Note", "/envbranch apply*"), []],
  ["inside a link text opened on the line before", lines("[see", "/envbranch apply](https://example.com)"), []],
  ["an entity for the slash", "&#47;envbranch apply", []],
  ["an entity for a letter of the word reads as GitHub shows it", "/envbranch &#97;pply", [apply]],
  ["a hard line break ends the command's line", lines("/envbranch apply\\", "now"), [apply]],
  ["the words end at a line break made by two spaces", lines("/envbranch plan  ", "thanks"), [plan]],

  // Other blocks
  ["after a heading", lines("## Review", "/envbranch apply"), [apply]],
  ["a heading's later line is its own", lines("# /envbranch plan", "/envbranch apply"), [apply]],
  ["a list item's first line is not, a lazy line under it is", lines("1. /envbranch plan", "/envbranch apply"), [apply]],
  ["a continuation line four columns past its list item is not", lines("- first", "      /envbranch apply"), []],
  ["a paragraph starting on a list item's later line", lines("1. Run:", "", "   /envbranch apply"), [apply]],
  // markdown-it drops what is nested past 20 levels (ten lists): that can hide a command, never show one.
  ["after lists nested nine deep", lines(`${"- ".repeat(9)}x`, "", "/envbranch apply"), [apply]],
  ["after lists nested ten deep, past the parser's limit", lines(`${"- ".repeat(10)}x`, "", "/envbranch apply"), []],
  ["a setext heading's text counts, like an ATX heading's would not", lines("/envbranch apply", "---"), [apply]],
];

describe("parseCommands", () => {
  it.each(cases)("%s", (_name, body, expected) => {
    expect(parseCommands(body)).toEqual(expected);
  });

  it("parses a 1 MB comment of prose and finds the command at its end", () => {
    const prose = "Lorem ipsum dolor sit amet, `consectetur` adipiscing <!-- x --> elit.\n".repeat(15_000);
    const body = `${prose}\n/envbranch apply\n`;
    expect(body.length).toBeGreaterThan(1_000_000);
    expect(parseCommands(body)).toEqual([apply]);
  });

  it("parses 1 MB comments built to defeat backtracking and repeated searches", () => {
    const bodies = {
      // Every run length appears once, so no span ever closes.
      backtickRuns: Array.from({ length: 1420 }, (_, n) => "`".repeat(n + 1)).join(" "),
      // `<!--` again and again without `-->`: one search for the closer must do for all.
      unclosedComments: "a <!--".repeat(180_000),
      // Escapes and backticks interleaved.
      escapes: "\\``".repeat(350_000),
      // One very long line of spaces and words after the prefix.
      longUnknown: `/envbranch ${"x ".repeat(500_000)}`,
      // Fences opened and closed tens of thousands of times.
      fences: "```\n/envbranch plan\n```\n".repeat(45_000),
      // Lists nested 130,000 deep, then lines that continue the innermost paragraph; past
      // markdown-it's nesting limit the rest of the comment is dropped, the command with it.
      deepLists: `${"- + ".repeat(130_000)}x\n${"y\n".repeat(250_000)}`,
      // Inline tags whose quoted attributes never close, one after another.
      unclosedAttributes: "a <b c='".repeat(130_000),
      // Inline tags, each hiding a backtick in an attribute.
      inlineTags: 'x <a title="`" b=c> `'.repeat(50_000),
      // Lines that open HTML blocks of type 7, attribute after attribute.
      tagLines: "<a b=c d='e' f=\"g\">\n\n".repeat(50_000),
    };
    for (const [name, filler] of Object.entries(bodies)) {
      const body = `${filler}\n\n/envbranch apply\n`;
      expect(body.length, name).toBeGreaterThan(1_000_000);
      const expected = name === "longUnknown" ? [{ name: "unknown" }, apply] : name === "deepLists" ? [] : [apply];
      expect(parseCommands(body).map((c) => ({ name: c.name })), name).toEqual(expected.map((c) => ({ name: c.name })));
    }
  });

  it("does not look inside code or comments that hide a 1 MB tail", () => {
    expect(parseCommands(`\`\`\`\n${"/envbranch apply\n".repeat(70_000)}`)).toEqual([]);
    expect(parseCommands(`<!--\n${"/envbranch apply\n".repeat(70_000)}`)).toEqual([]);
  });
});
