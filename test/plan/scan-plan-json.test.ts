import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PlanJsonScanner } from "../../app/plan/scan-plan-json.js";

/** What a scan handed over, in order. */
interface Seen {
  members: Array<[string, unknown]>;
  elements: Array<[string, unknown]>;
  outputs: Array<[string, unknown]>;
}

function scan(bytes: Uint8Array, sizes: readonly number[]): Seen {
  const seen: Seen = { members: [], elements: [], outputs: [] };
  const scanner = new PlanJsonScanner({
    member: (key, value) => seen.members.push([key, value]),
    element: (member, json) => seen.elements.push([member, JSON.parse(json)]),
    output: (name, change) => seen.outputs.push([name, change]),
  });
  for (let at = 0, turn = 0; at < bytes.length; turn += 1) {
    const size = sizes[turn % sizes.length]!;
    scanner.write(bytes.subarray(at, at + size));
    at += size;
  }
  scanner.end();
  return seen;
}

/** What the scan should hand over, taken from the same text by JSON.parse; "malformed" for a wanted member of the wrong shape. */
function expected(text: string): Seen | "malformed" {
  const doc = JSON.parse(text) as Record<string, unknown>;
  const seen: Seen = { members: [], elements: [], outputs: [] };
  for (const [key, value] of Object.entries(doc)) {
    const shape = value === null ? "null" : Array.isArray(value) ? "list" : typeof value === "object" ? "object" : "scalar";
    if ((key === "resource_changes" || key === "resource_drift") && !["list", "null"].includes(shape)) return "malformed";
    if (key === "output_changes" && !["object", "null"].includes(shape)) return "malformed";
    if (key === "errored") seen.members.push([key, value]);
    if ((key === "resource_changes" || key === "resource_drift") && Array.isArray(value)) for (const v of value) seen.elements.push([key, v]);
    if (key === "output_changes" && value !== null && typeof value === "object" && !Array.isArray(value)) seen.outputs.push(...Object.entries(value));
  }
  return seen;
}

// Values with the characters a scanner can trip on: quotes, backslashes, brackets inside strings,
// multi-byte UTF-8, and keys that name the wanted members at the wrong depth.
const text = fc.oneof(fc.string({ unit: "binary" }), fc.constantFrom('"', "\\", '\\"', "]}", "[{", "resource_changes", "é€😀"));
const value = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, text, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), tie("array"), tie("object")),
  array: fc.array(tie("value"), { maxLength: 4 }),
  object: fc.dictionary(fc.oneof(text, fc.constantFrom("resource_changes", "output_changes", "errored")), tie("value"), { maxKeys: 4 }),
})).value;
const planDocument = fc
  .tuple(
    fc.record(
    {
      format_version: fc.constant("1.2"),
      terraform_version: text,
      errored: fc.boolean(),
      planned_values: value,
      resource_changes: fc.oneof(fc.array(value, { maxLength: 6 }), fc.constant(null)),
      resource_drift: fc.array(value, { maxLength: 3 }),
      output_changes: fc.oneof(fc.dictionary(text, value, { maxKeys: 4 }), fc.constant(null)),
      prior_state: value,
    },
    { requiredKeys: [] },
    ),
    fc.dictionary(text, value, { maxKeys: 3 }),
  )
  .chain(([plan, other]) => {
    const entries = Object.entries({ ...other, ...plan });
    return fc.shuffledSubarray(entries, { minLength: entries.length }).map((shuffled) => Object.fromEntries(shuffled));
  });
const chunkSizes = fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 6 });
const indent = fc.constantFrom(undefined, 1, "\t");

describe("PlanJsonScanner", () => {
  it("hands over exactly what JSON.parse finds in the wanted members, however the bytes are chunked", () => {
    fc.assert(
      fc.property(planDocument, indent, chunkSizes, (doc, space, sizes) => {
        const json = JSON.stringify(doc, null, space);
        const wanted = expected(json);
        if (wanted === "malformed") expect(() => scan(Buffer.from(json), sizes)).toThrow(/is not (a list|an object)|is neither/);
        else expect(scan(Buffer.from(json), sizes)).toEqual(wanted);
      }),
      { numRuns: 300 },
    );
  });

  it("fails, never succeeds quietly, on a document cut short", () => {
    fc.assert(
      fc.property(planDocument, chunkSizes, fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (doc, sizes, where) => {
        const bytes = Buffer.from(JSON.stringify(doc));
        const cut = Math.floor(where * (bytes.length - 1));
        expect(() => scan(bytes.subarray(0, cut), sizes)).toThrow(/plan JSON/);
      }),
      { numRuns: 200 },
    );
  });

  it.each([
    ["an array", "[1, 2]"],
    ["a string", '"plan"'],
    ["two objects", "{} {}"],
    ["unbalanced brackets", '{"a": 1}}'],
    ["a broken top-level value", '{"errored": tru}'],
    ["resource_changes that is not a list", '{"resource_changes": {"a": 1}}'],
    ["output_changes that is a number", '{"output_changes": 5, "errored": false}'],
  ])("rejects %s, saying what is wrong", (_, json) => {
    expect(() => scan(Buffer.from(json), [7])).toThrow(/plan JSON/);
  });

  it("accepts an empty plan object and empty wanted members", () => {
    expect(scan(Buffer.from('{ "resource_changes": [ ], "output_changes": { } }'), [3])).toEqual({ members: [], elements: [], outputs: [] });
  });
});
