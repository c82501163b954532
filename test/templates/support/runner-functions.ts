import { data } from "@actions/expressions";
import type { FunctionDefinition } from "@actions/expressions/funcs/info";
import { splitAllowedContext } from "@actions/workflow-parser/templates/allowed-context";
import { hashFiles } from "./hash-files.js";

/** Results of the status functions; a job's `if:` with none of them gets an implicit `success()`. */
export interface Status {
  success: boolean;
  failure: boolean;
  cancelled: boolean;
}

/**
 * The functions the runner adds to GitHub's expression library, declared in the notation of GitHub's
 * workflow schema (workflow-v1.0.json, `step-if` and `job-if`): the status functions and hashFiles.
 * A job's success()/failure() may name jobs (`0,MAX`); naming them is not modelled and throws.
 */
export const RUNNER_FUNCTIONS = ["always(0,0)", "cancelled(0,0)", "failure(0,MAX)", "success(0,MAX)", "hashFiles(1,255)"];

/**
 * The implementations, keyed by lower-case name as GitHub's Evaluator looks them up. hashFiles
 * searches `github.workspace`, the context value the runner's HashFilesFunction.cs reads.
 */
export function runnerFunctions(status: Status, github: data.ExpressionData | undefined): Map<string, FunctionDefinition> {
  const infos = new Map(splitAllowedContext(RUNNER_FUNCTIONS).functions.map((f) => [f.name.toLowerCase(), f]));
  const define = (name: string, call: (...args: data.ExpressionData[]) => data.ExpressionData): [string, FunctionDefinition] => [
    name,
    { ...infos.get(name)!, call },
  ];
  const jobStatus = (name: string, value: boolean) => (...args: data.ExpressionData[]) => {
    if (args.length > 0) throw new Error(`${name}() of named jobs is not modelled by the test support`);
    return new data.BooleanData(value);
  };
  return new Map([
    define("always", () => new data.BooleanData(true)),
    define("cancelled", () => new data.BooleanData(status.cancelled)),
    define("failure", jobStatus("failure", status.failure)),
    define("success", jobStatus("success", status.success)),
    define("hashfiles", (...args) => new data.StringData(hashFiles(workspaceOf(github), args.map((a) => a.coerceString())))),
  ]);
}

function workspaceOf(github: data.ExpressionData | undefined): string {
  const workspace = github instanceof data.Dictionary ? github.get("workspace") : undefined;
  if (!(workspace instanceof data.StringData)) throw new Error("hashFiles() needs github.workspace in the contexts");
  return workspace.value;
}
