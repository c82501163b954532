import type { DetectedSetup } from "../generator/describe-setup.js";
import type { ConfigProblem } from "../config/parse-config.js";
import type { CheckRunContent } from "../adapters/github/check-runs.js";
import { codeBlock, inlineCode } from "./markdown.js";

const EXAMPLE = `azure:
  subscriptionId: 00000000-0000-0000-0000-000000000000
  tenantId: 00000000-0000-0000-0000-000000000000
  clientId: 00000000-0000-0000-0000-000000000000   # the identity the workflow logs in as, by OIDC
  location: westeurope
  state:
    resourceGroup: rg-tfstate
    storageAccount: sttfstate
environments:
  - branch: env-prod*
    approval: required
`;

/** The neutral check run of a repository that has no `.github/envbranch.yml`; `detected` is what `envbranch init` finds in the commit. */
export function missingConfigCheckRun(path: string, detected?: DetectedSetup): CheckRunContent {
  const init = `Run ${inlineCode("npx envbranch init")} in your checkout to write the config, the workflow and the stack for it (${inlineCode("--dry-run")} shows them first), or, where the app may write branches and workflows, comment ${inlineCode("/envbranch setup")} on a pull request to get them as one. By hand instead:`;
  return {
    conclusion: "neutral",
    title: "envbranch is not configured for this repository",
    summary: [
      `Nothing was deployed: ${inlineCode(path)} is missing on the default branch.`,
      "",
      ...(detected && "lines" in detected ? [`In this commit, ${inlineCode("envbranch init")} detects:`, "", codeBlock(detected.lines.join("\n")), "", init, ""] : []),
      ...(detected && "unavailable" in detected ? [`envbranch could not look into this commit to suggest a setup (${detected.unavailable}).`, "", init, ""] : []),
      `To give every ${inlineCode("env-*")} branch its own Azure environment, add the file to the default branch, for example:`,
      "",
      codeBlock(EXAMPLE, "yaml"),
      "",
      "and add the envbranch workflow (`workflows-templates/envbranch.yml`) as `.github/workflows/envbranch.yml`. Then push this branch again.",
    ].join("\n"),
  };
}

/** The failed check run of a push while the config is invalid: every problem, with its line. */
export function invalidConfigCheckRun(path: string, problems: readonly ConfigProblem[]): CheckRunContent {
  const lines = problemLines(problems);
  const count = problems.reduce((n, p) => n + (p.omitted ?? 1), 0);
  return {
    conclusion: "failure",
    title: `${path} has ${count} ${count === 1 ? "problem" : "problems"}`,
    summary: [
      `Nothing was dispatched. Fix ${inlineCode(path)} on the default branch, then push again.`,
      "",
      ...lines,
    ].join("\n"),
  };
}

/**
 * The failed check run of an environment branch deleted while the config is invalid: nothing was
 * destroyed, so the environment is still running. `/envbranch` cannot act without a pull request,
 * so it says the two ways that can: fix the config and delete the branch again, or destroy locally.
 */
export function deletedWithInvalidConfigCheckRun(branch: string, path: string, problems: readonly ConfigProblem[]): CheckRunContent {
  return {
    conclusion: "failure",
    title: `${branch} was deleted, but its environment is still running`,
    summary: [
      `envbranch destroyed nothing when ${inlineCode(branch)} was deleted: ${inlineCode(path)} on the default branch is invalid, so it cannot tell which environment the branch had.`,
      "",
      `To destroy it, either fix ${inlineCode(path)}, push ${inlineCode(branch)} again and delete it again, or run the destroy from a checkout with Azure access: ${inlineCode(`envbranch run destroy --branch ${branch}`)}.`,
      "",
      ...problemLines(problems),
    ].join("\n"),
  };
}

/** Each problem as a list item: its line and key, then what is wrong. */
export function problemLines(problems: readonly ConfigProblem[]): string[] {
  return problems.map((p) => {
    const path = p.path.length > 80 ? `${p.path.slice(0, 77)}...` : p.path;
    const where = [p.line === undefined ? null : `line ${p.line}`, path ? inlineCode(path) : null].filter(Boolean).join(", ");
    return `- ${where || "the file"}: ${p.message}`;
  });
}
