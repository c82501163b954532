/**
 * Benchmark of `parseCommands` on comments built to be slow: for each shape, the fastest time at
 * 256 KB, 512 KB and 1 MB, and how the time grows when the size doubles (linear: about 2×;
 * quadratic: about 4×). GitHub caps comments at 65,536 characters; the larger sizes show that no
 * input, however it got here, makes the parser slow down faster than it grows.
 *
 * Run alone: `npx tsx bench/parse-commands.ts`.
 */
import { fileURLToPath } from "node:url";
import { parseCommands } from "../app/commands/parse-commands.js";

const SIZES = [256 * 1024, 512 * 1024, 1024 * 1024];
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
  console.log(`parseCommands: fastest of ${RUNS} runs; growth = time at 1 MB / time at 512 KB`);
  for (const [name, make] of Object.entries(SHAPES)) {
    const figures = SIZES.map((size) => {
      const body = `${make(size)}\n\n/envbranch apply\n`;
      return { chars: body.length, ms: fastestMs(body) };
    });
    const [, half, full] = figures;
    const growth = half && full ? full.ms / half.ms : Number.NaN;
    const cells = figures.map((f) => `${(f.chars / 1024).toFixed(0)} KB ${f.ms.toFixed(1)} ms`).join(", ");
    const rate = full ? (full.chars / 1024 / 1024 / (full.ms / 1000)).toFixed(1) : "?";
    console.log(`  ${name.padEnd(30)} ${cells}; ${rate} MB/s at 1 MB; growth ×${growth.toFixed(2)}`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) benchParseCommands();
