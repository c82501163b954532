#!/usr/bin/env node
// Prints the mutation score per module from Stryker's JSON report, bench-style:
//   node scripts/mutation-report.mjs [reports/mutation/mutation.json]
import { readFileSync } from "node:fs";

const path = process.argv[2] ?? "reports/mutation/mutation.json";
let report;
try {
  report = JSON.parse(readFileSync(path, "utf8"));
} catch (error) {
  throw new Error(`cannot read Stryker's JSON report ${path}; run \`npm run mutate\` first`, { cause: error });
}

/** Statuses that count as detected by Stryker's own score: a timeout means the mutant hung the tests. */
const DETECTED = new Set(["Killed", "Timeout"]);
const COUNTED = new Set(["Killed", "Timeout", "Survived", "NoCoverage"]);

const rows = Object.entries(report.files)
  .map(([file, { mutants }]) => {
    const count = (status) => mutants.filter((m) => m.status === status).length;
    const row = { file, killed: count("Killed"), survived: count("Survived"), noCoverage: count("NoCoverage"), timeout: count("Timeout"), invalid: count("CompileError") + count("RuntimeError") };
    row.valid = mutants.filter((m) => COUNTED.has(m.status)).length;
    row.detected = mutants.filter((m) => DETECTED.has(m.status)).length;
    return row;
  })
  .sort((a, b) => a.file.localeCompare(b.file));

const total = { file: "total", killed: 0, survived: 0, noCoverage: 0, timeout: 0, invalid: 0, valid: 0, detected: 0 };
for (const row of rows) for (const key of Object.keys(total)) if (key !== "file") total[key] += row[key];

const score = (row) => (row.valid === 0 ? "n/a" : `${((100 * row.detected) / row.valid).toFixed(1)}%`);
const width = Math.max(...rows.map((r) => r.file.length), 5);
const line = (cells) => console.log(cells.map((c, i) => (i === 0 ? String(c).padEnd(width) : String(c).padStart(9))).join("  "));
line(["module", "killed", "survived", "no-cover", "timeout", "invalid", "score"]);
for (const row of [...rows, total]) line([row.file, row.killed, row.survived, row.noCoverage, row.timeout, row.invalid, score(row)]);
