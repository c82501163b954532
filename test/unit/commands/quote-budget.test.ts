import { describe, expect, it } from "vitest";
import { parseCommands } from "../../../app/commands/parse-commands.js";

// Quotes whose last block is not a paragraph, each followed by a lazy line: markdown-it rescans each
// run to its end, so their cost grows with the square of the comment's length.
const RESCANNING = ["> # h\nfoo\n", "> ```\nfoo\n", "> ---\nfoo\n", "> <div>\nfoo\n", ">     code\nfoo\n"];
const APPLY = "\n\n/envbranch apply";

describe("the quote budget", () => {
  it.each(RESCANNING)("reads a short run of %j as GitHub does, the command after it included", (unit) => {
    expect(parseCommands(`${unit.repeat(50)}${APPLY}`)).toEqual([{ name: "apply" }]);
  });

  it.each(RESCANNING)("reads a 64 KB run of %j as holding no command: it would take seconds", (unit) => {
    expect(parseCommands(`${unit.repeat(Math.ceil(65_000 / unit.length))}${APPLY}`)).toEqual([]);
  });

  it("leaves comments whose quotes read in linear time alone, 20 levels deep and 64 KB long included", () => {
    const deep = `${">".repeat(20)} q\n`.repeat(2_500);
    expect(parseCommands(`${deep}${APPLY}`)).toEqual([{ name: "apply" }]);
    expect(parseCommands(`${"> quoted line\n".repeat(4_500)}${APPLY}`)).toEqual([{ name: "apply" }]);
    expect(parseCommands(`${">> q\n    - x\n".repeat(5_000)}${APPLY}`)).toEqual([{ name: "apply" }]);
  });
});
