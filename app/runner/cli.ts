#!/usr/bin/env node
import { cancelOnSignals } from "./cancel-run.js";
import { runCli } from "./run-cli.js";

// The `envbranch` command. Everything lives in runCli so tests can call it in-process.
process.exitCode = await runCli(process.argv.slice(2), {
  env: process.env,
  cwd: process.cwd(),
  // Opened only when read (`summarize -`): no other command touches standard input.
  stdin: { [Symbol.asyncIterator]: () => process.stdin[Symbol.asyncIterator]() },
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  listenForCancel: (log) => cancelOnSignals(process, log),
});
