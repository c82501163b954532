import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const EVENTS = resolve(import.meta.dirname, "../../app/events");
const LIMIT = 40;

/** Each exported function of a source text (declarations and exported const arrows) with its length in lines. */
function exportedFunctionLengths(file: string, text: string): Array<{ name: string; lines: number }> {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const lines = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getEnd()).line - source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const exported = (node: ts.Node) => ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  const found: Array<{ name: string; lines: number }> = [];
  for (const statement of source.statements) {
    if (ts.isFunctionDeclaration(statement) && exported(statement)) found.push({ name: statement.name?.text ?? "default", lines: lines(statement) });
    if (ts.isVariableStatement(statement) && exported(statement)) {
      for (const d of statement.declarationList.declarations) {
        if (d.initializer && (ts.isArrowFunction(d.initializer) || ts.isFunctionExpression(d.initializer))) found.push({ name: d.name.getText(source), lines: lines(d) });
      }
    }
  }
  return found;
}

describe("event handlers read top to bottom", () => {
  it(`every function exported from app/events/ is at most ${LIMIT} lines`, () => {
    const files = readdirSync(EVENTS).filter((f) => f.endsWith(".ts"));
    const lengths = files.flatMap((f) => exportedFunctionLengths(f, readFileSync(join(EVENTS, f), "utf8")).map((fn) => ({ ...fn, file: f })));
    expect(lengths.length, "exported functions found").toBeGreaterThan(5);
    expect(lengths.filter((fn) => fn.lines > LIMIT).map((fn) => `${fn.file} ${fn.name}: ${fn.lines} lines`)).toEqual([]);
  });

  it("counts a function from its first line to its last, exported arrows included", () => {
    const text = "export function a() {\n  return 1;\n}\nfunction hidden() {}\nexport const b = async () => {\n  1;\n  2;\n};\n";
    expect(exportedFunctionLengths("x.ts", text)).toEqual([{ name: "a", lines: 3 }, { name: "b", lines: 4 }]);
  });
});
