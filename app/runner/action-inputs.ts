import { SPEC_ENV } from "./load-spec.js";
import { DEFAULT_LOCK_TIMEOUT, DEFAULT_OUT_DIR } from "./parse-args.js";
import { GIT_TOKEN_VARIABLE } from "./read-branch-head.js";

/** The command line and environment the action hands the runner. */
export interface ActionInvocation {
  argv: string[];
  env: Record<string, string | undefined>;
}

/**
 * The value of one input of action.yml, read as @actions/core's `getInput` does (actions/toolkit at
 * 4b9afa4, packages/core/src/core.ts): `process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || ''`,
 * trimmed. Spaces become underscores, hyphens stay: `github-token` is `INPUT_GITHUB-TOKEN`.
 */
export function actionInput(env: Record<string, string | undefined>, name: string): string {
  return (env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] || "").trim();
}

/**
 * From the environment GitHub starts a JavaScript action with (its inputs as `INPUT_*` variables),
 * the runner's `run` command: the spec in ENVBRANCH_SPEC, the token in ENVBRANCH_GIT_TOKEN, which
 * only git sees, and no `INPUT_*` variable at all, so neither the token nor anything else the
 * workflow passes reaches Terraform's environment under another name.
 */
export function actionInvocation(processEnv: Record<string, string | undefined>): ActionInvocation {
  const env = Object.fromEntries(Object.entries(processEnv).filter(([name]) => !name.startsWith("INPUT_")));
  env[SPEC_ENV] = actionInput(processEnv, "spec");
  const token = actionInput(processEnv, "github-token");
  if (token) env[GIT_TOKEN_VARIABLE] = token;
  else delete env[GIT_TOKEN_VARIABLE];
  const argv = [
    "run",
    "--lock-timeout",
    actionInput(processEnv, "lock-timeout") || DEFAULT_LOCK_TIMEOUT,
    "--out",
    actionInput(processEnv, "out-dir") || DEFAULT_OUT_DIR,
    "--workdir",
    actionInput(processEnv, "working-directory") || ".",
  ];
  return { argv, env };
}
