import { createHash } from "node:crypto";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluate, evaluateCondition, evaluateTemplate } from "./support/evaluate-expression.js";

const FAILED = { success: false, failure: true, cancelled: false };

describe("expressions, evaluated by GitHub's engine", () => {
  const contexts = { inputs: { spec: '{"action":"Plan","n":null,"o":{"a":1},"list":["x","y"]}' } };

  it("follows GitHub's semantics for the operators the workflow uses", () => {
    expect(evaluate("fromJSON(inputs.spec).action == 'plan'", contexts)).toBe(true); // case-insensitive
    expect(evaluate("fromJSON(inputs.spec).n && 'x' || 'y'", contexts)).toBe("y");
    expect(evaluate("contains(fromJSON('[\"apply\",\"deploy\"]'), 'deploy')", contexts)).toBe(true);
    expect(evaluate("format('a-{0}:{1}', 'b', 2)", contexts)).toBe("a-b:2");
    expect(evaluate("!(1 == '1')", contexts)).toBe(false);
  });

  // Each of these is where the project's earlier home-made evaluator answered differently.
  it("answers as GitHub does where a home-made model went wrong", () => {
    expect(evaluate("toJSON(fromJSON(inputs.spec).o)", contexts)).toBe('{\n  "a": 1\n}'); // pretty-printed
    expect(evaluateTemplate("a ${{ fromJSON(inputs.spec).o }}", contexts)).toBe("a Object"); // not JSON
    expect(evaluate("fromJSON(inputs.spec).list['1']", contexts)).toBe("y"); // a numeric string indexes
    expect(evaluate("fromJSON(inputs.spec).list.*", contexts)).toEqual(["x", "y"]);
    expect(evaluate("join(fromJSON(inputs.spec).list, '+')", contexts)).toBe("x+y");
    expect(evaluate("format('{0}{{1}}', 'a')", contexts)).toBe("a{1}");
    expect(() => evaluate("format('{1}', 'a')", contexts)).toThrow(/more arguments than were supplied/);
    expect(evaluateTemplate("x ${{ '{{ lit }}' }}", contexts)).toBe("x {{ lit }}");
    expect(evaluateTemplate(" ${{ 1 }} ", contexts)).toBe(" 1 "); // only a lone expression keeps its type
    expect(evaluateTemplate("${{ 1 }}", contexts)).toBe(1);
  });

  it("refuses a context the caller did not supply and a function no one defines", () => {
    expect(() => evaluate("nope.x", contexts)).toThrow(/Unrecognized named-value: 'nope'/);
    expect(() => evaluate("frobnicate(1)", contexts)).toThrow(/Unrecognized function: 'frobnicate'/);
    expect(() => evaluateTemplate("a ${{ nope }}", contexts)).toThrow(/nope/);
  });

  it("skips a job or step whose predecessor failed unless its condition asks for a status", () => {
    expect(evaluateCondition("true", {}, FAILED)).toBe(false);
    expect(evaluateCondition(undefined, {}, FAILED)).toBe(false);
    expect(evaluateCondition("${{ always() }}", {}, FAILED)).toBe(true);
    expect(evaluateCondition("failure()", {}, FAILED)).toBe(true);
    expect(evaluateCondition("contains('success()', 's')", {}, FAILED)).toBe(false); // a string is no status call
    expect(() => evaluateCondition("success('build')", {})).toThrow(/named jobs is not modelled/);
  });

  it("treats an `if:` with text beside `${{ }}` as a non-empty string, as GitHub does", () => {
    expect(evaluateCondition("${{ false }} && false", {})).toBe(true);
  });
});

describe("hashFiles, as the runner computes it", () => {
  let workspace: string;
  const digest = (...contents: string[]) => {
    const all = createHash("sha256");
    for (const c of contents) all.update(createHash("sha256").update(c).digest());
    return all.digest("hex");
  };
  const hash = (...patterns: string[]) => evaluate(`hashFiles(${patterns.map((p) => `'${p}'`).join(", ")})`, { github: { workspace } });

  beforeAll(async () => {
    workspace = await mkdtemp(join(tmpdir(), "envbranch-hashfiles-"));
    await mkdir(join(workspace, "stack", "modules"), { recursive: true });
    await writeFile(join(workspace, "stack", "main.tf"), "main");
    await writeFile(join(workspace, "stack", "b.tf"), "b");
    await writeFile(join(workspace, "stack", "modules", "m.tf"), "m");
    await writeFile(join(workspace, "stack", ".terraform.lock.hcl"), "lock");
    await writeFile(join(workspace, "README.md"), "readme");
    await symlink(join(workspace, "stack"), join(workspace, "linked"));
  });
  afterAll(async () => {
    await rm(workspace, { recursive: true, force: true });
  });

  it("hashes the sha256 of each match, depth first in name order, hidden files included", () => {
    expect(hash("stack/**")).toBe(digest("lock", "b", "main", "m"));
    expect(hash("**/*.tf")).toBe(digest("b", "main", "m"));
  });

  it("takes a directory as everything under it and lets a later `!` pattern exclude", () => {
    expect(hash("stack")).toBe(hash("stack/**"));
    expect(hash("stack/", "!stack/modules")).toBe(digest("lock", "b", "main"));
  });

  it("walks the search roots in the order of the patterns", () => {
    expect(hash("stack/main.tf", "README.md")).toBe(digest("main", "readme"));
    expect(hash("README.md", "stack/main.tf")).toBe(digest("readme", "main"));
  });

  it("answers '' when nothing matches, and does not follow a linked directory", () => {
    expect(hash("missing/**")).toBe("");
    expect(hash("linked/**")).toBe("");
  });

  it("needs the workspace from the github context, as the runner does", () => {
    expect(() => evaluate("hashFiles('x')", { github: {} })).toThrow(/github.workspace/);
  });
});
