/**
 * Benchmark of `parseCommands` (markdown-it in GFM mode) on comments built to be slow: for each
 * shape, the fastest time at 64 KB (GitHub's cap on a comment, 65,536 characters) and at 1 MB, and
 * the time per KB at 1 MB against the time per KB at 64 KB measured in the same run: about ×1 when
 * the time grows linearly, ×16 when it grows quadratically. The 1 MB size shows that no input,
 * however it got here, makes the parser slow down faster than it grows.
 *
 * Run alone: `npx tsx bench/parse-commands.ts`.
 */
import { fileURLToPath } from "node:url";
import { parseCommands } from "../app/commands/parse-commands.js";

const SIZES = [64 * 1024, 1024 * 1024];
const RUNS = 7;

const repeatTo = (size: number, unit: string) => unit.repeat(Math.ceil(size / unit.length));

/** Comment shapes, each of about `size` characters, each ending with a command to find. */
const SHAPES: Record<string, (size: number) => string> = {
  prose: (size) => repeatTo(size, "Lorem ipsum dolor sit amet, `consectetur` adipiscing <!-- x --> elit.\n"),
  "one paragraph of short lines": (size) => repeatTo(size, "y\n"),
  "backtick runs of every length": (size) => {
    const runs: string[] = [];
    for (let n = 1, total = 0; total < size; n += 1, total += n + 1) runs.push("`".repeat(n));
    return runs.join(" ");
  },
  "unclosed comments": (size) => repeatTo(size, "a <!--"),
  "escaped backticks": (size) => repeatTo(size, "\\``"),
  fences: (size) => repeatTo(size, "```\n/envbranch plan\n```\n"),
  "deeply nested lists": (size) => `${"- + ".repeat(Math.floor(size / 8))}x\n${repeatTo(size / 2, "y\n")}`,
  "inline tags with backticks": (size) => repeatTo(size, 'x <a title="`" b=c> `'),
  "unclosed quoted attributes": (size) => repeatTo(size, "a <b c='"),
  "tag lines": (size) => repeatTo(size, "<a b=c d='e' f=\"g\">\n\n"),
  "command lines": (size) => repeatTo(size, "/envbranch apply\n"),
  "emphasis openers **a_": (size) => repeatTo(size, "**a_"),
  "stars and words *a": (size) => repeatTo(size, "*a "),
  "link openers [": (size) => repeatTo(size, "["),
  "image openers [![": (size) => repeatTo(size, "[!["),
  "unclosed link destinations": (size) => repeatTo(size, "[a]("),
  "unclosed CDATA, then comments": (size) => `a <![CDATA[ ${repeatTo(size, "b <!-- c -->\n")}`,
  "nested quotes with lazy lines": (size) => repeatTo(size, ">> q\n    - x\n"),
  // Quotes whose last block takes no lazy line, each followed by one: read within the quote budget.
  "quoted headings, then lazy lines": (size) => repeatTo(size, "> # h\nfoo\n"),
  "quoted fences, then lazy lines": (size) => repeatTo(size, "> ```\nfoo\n"),
  "table rows": (size) => `| a | b |\n| --- | --- |\n${repeatTo(size, "| `x` | *y* |\n")}`,
  "no command at all": (size) => repeatTo(size, "Looks good to me, thanks!\n"),
};

// The fastest run: on a shared machine the others measure the neighbours too.
function fastestMs(body: string): number {
  parseCommands(body); // warm-up: the first run also pays for compiling the parser
  const times: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const start = process.hrtime.bigint();
    parseCommands(body);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return Math.min(...times);
}

/** Measures every shape at every size and prints one line per shape. */
export function benchParseCommands(): void {
  console.log(`parseCommands: fastest of ${RUNS} runs; growth = time per KB at 1 MB / time per KB at 64 KB (linear ×1, quadratic ×16)`);
  for (const [name, make] of Object.entries(SHAPES)) {
    const figures = SIZES.map((size) => {
      const body = `${make(size)}\n\n/envbranch apply\n`;
      return { kb: body.length / 1024, ms: fastestMs(body) };
    });
    const [small, large] = figures;
    const growth = small && large ? large.ms / large.kb / (small.ms / small.kb) : Number.NaN;
    const cells = figures.map((f) => `${f.kb.toFixed(0)} KB ${f.ms.toFixed(1)} ms (${((f.ms / f.kb) * 1000).toFixed(0)} µs/KB)`).join(", ");
    console.log(`  ${name.padEnd(32)} ${cells}; growth ×${growth.toFixed(2)}`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) benchParseCommands();
