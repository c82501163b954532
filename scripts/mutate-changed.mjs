#!/usr/bin/env node
// `npm run mutate:changed [-- base]`: mutates only the guard modules changed since `base` (default
// origin/main, else main), committed or not, with their own incremental cache; run it before a change
// to a guard module lands. Prints the score per module; nothing changed, nothing run.
import { execFileSync } from "node:child_process";
import { fileOf, GUARD_MODULES } from "./guard-modules.mjs";
import { mutate } from "./mutate.mjs";

const git = (...args) => execFileSync("git", args, { encoding: "utf8" }).trim();
const hasRef = (ref) => {
  try {
    git("rev-parse", "--verify", "--quiet", `${ref}^{commit}`);
    return true;
  } catch {
    return false;
  }
};

const base = process.argv[2] ?? (hasRef("origin/main") ? "origin/main" : "main");
if (!hasRef(base)) throw new Error(`no such base ref: ${base}`);
const changed = new Set(git("diff", "--name-only", git("merge-base", base, "HEAD")).split("\n").filter(Boolean));
const entries = GUARD_MODULES.filter((entry) => changed.has(fileOf(entry)));
if (entries.length === 0) {
  console.log(`no guard module changed since ${base}; nothing to mutate`);
} else {
  console.log(`guard modules changed since ${base}: ${entries.map(fileOf).join(", ")}`);
  process.exitCode = mutate(["--mutate", entries.join(","), "--incrementalFile", "reports/stryker-incremental-changed.json"]);
}
