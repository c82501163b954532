import { actionInvocation } from "./action-inputs.js";
import { runCli } from "./run-cli.js";

// The entry of the envbranch GitHub Action (action.yml), bundled into action/index.mjs by
// scripts/build-action.ts: the action's inputs become the runner's `run` command line.
const { argv, env } = actionInvocation(process.env);
// Also gone from this process: nothing loaded later (an SDK reading process.env) may see the token either.
for (const name of Object.keys(process.env)) if (name.startsWith("INPUT_")) delete process.env[name];
process.exitCode = await runCli(argv, {
  env,
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
