#!/usr/bin/env node
// `npm run mutate [-- stryker options]`: Stryker over the guard modules, then the score per module.
// `npm run mutate -- --mutate app/plan/display-value.ts` narrows the run to one module.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const stryker = fileURLToPath(new URL("../node_modules/.bin/stryker", import.meta.url));
const report = fileURLToPath(new URL("./mutation-report.mjs", import.meta.url));

/** Runs Stryker with `args` and prints the report; returns Stryker's exit code. */
export function mutate(args) {
  const run = spawnSync(stryker, ["run", ...args], { stdio: "inherit" });
  if (run.error) throw new Error("could not start Stryker", { cause: run.error });
  if (run.status === 0) spawnSync(process.execPath, [report], { stdio: "inherit" });
  return run.status ?? 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = mutate(process.argv.slice(2));
