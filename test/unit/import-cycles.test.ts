import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { findImportCycles, importGraph } from "../support/import-graph.js";

const APP = resolve(import.meta.dirname, "../../app");

describe("the import graph of app/", () => {
  it("has no circle", () => {
    const graph = importGraph(APP);
    expect(graph.size, "files read").toBeGreaterThan(100);
    expect(findImportCycles(graph).map((cycle) => [...cycle, cycle[0]].join(" -> "))).toEqual([]);
  });
});

describe("the circle finder", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it("finds a circle through three files, type-only and re-export edges included", () => {
    dir = mkdtempSync(join(tmpdir(), "import-graph-"));
    mkdirSync(join(dir, "handlers"));
    writeFileSync(join(dir, "handlers/start-run.ts"), `import { dispatchRun } from "./dispatch-run.js";\nexport const a = dispatchRun;\n`);
    writeFileSync(join(dir, "handlers/dispatch-run.ts"), `export { follow } from "../follow.js";\nexport const dispatchRun = 1;\n`);
    writeFileSync(join(dir, "follow.ts"), `import type { a } from "./handlers/start-run.js";\n// import "./nowhere.js" is a comment, not an edge\nexport const follow = 2;\n`);
    writeFileSync(join(dir, "leaf.ts"), `import { follow } from "./follow.js";\nexport const leaf = follow;\n`);
    expect(findImportCycles(importGraph(dir))).toEqual([["follow.ts", "handlers/start-run.ts", "handlers/dispatch-run.ts"]]);
  });

  it("finds none in a graph that only shares a dependency", () => {
    expect(findImportCycles(new Map([["a.ts", ["c.ts"]], ["b.ts", ["a.ts", "c.ts"]], ["c.ts", []]]))).toEqual([]);
  });
});
