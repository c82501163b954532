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
  ["a line right after a quote without `>` counts as new text", lines("> Please apply", "/envbranch apply"), [apply]],
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

  // Other blocks
  ["after a heading", lines("## Review", "/envbranch apply"), [apply]],
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
      // Lists nested 130,000 deep, then lines that continue the innermost paragraph.
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
      const expected = name === "longUnknown" ? [{ name: "unknown" }, apply] : [apply];
      expect(parseCommands(body).map((c) => ({ name: c.name })), name).toEqual(expected.map((c) => ({ name: c.name })));
    }
  });

  it("does not look inside code or comments that hide a 1 MB tail", () => {
    expect(parseCommands(`\`\`\`\n${"/envbranch apply\n".repeat(70_000)}`)).toEqual([]);
    expect(parseCommands(`<!--\n${"/envbranch apply\n".repeat(70_000)}`)).toEqual([]);
  });
});
