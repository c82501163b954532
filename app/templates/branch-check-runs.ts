import type { CheckRunContent } from "../adapters/github/check-runs.js";
import { inlineCode } from "./markdown.js";

/** The failed check run of a branch that cannot become an environment. */
export function refusedBranchCheckRun(reason: string, suggestion: string | undefined, rules: string): CheckRunContent {
  return {
    conclusion: "failure",
    title: "This branch cannot be an environment",
    summary: [
      `Nothing was dispatched: ${reason}.`,
      "",
      suggestion ? `A branch named ${inlineCode(suggestion)} would work.` : "Choose a name made of letters and digits after the prefix.",
      "",
      rules,
    ].join("\n"),
  };
}

/** The failed check run of a branch whose slug another live branch already uses. */
export function slugTakenCheckRun(branch: string, owner: string, slug: string): CheckRunContent {
  return {
    conclusion: "failure",
    title: `Environment ${slug} belongs to ${owner}`,
    summary: [
      `Nothing was dispatched: ${inlineCode(branch)} and ${inlineCode(owner)} give the same environment, ${inlineCode(slug)},`,
      `and ${inlineCode(owner)} has it. Rename this branch (for example ${inlineCode(`${branch}-2`)} if that fits),`,
      "or delete the other branch first.",
    ].join(" "),
  };
}

/** The naming rules, stated once for every refusal. */
export function namingRules(prefix: string, maxLength: number): string {
  return [
    "**Environment branch names.** After the prefix " + inlineCode(prefix) + ", use ASCII letters, digits, hyphens, dots or",
    `underscores, at most ${maxLength} characters once lowercased (dots and underscores become hyphens). No slashes, spaces,`,
    "non-ASCII letters or shell characters. Every Azure name of the environment is built from this slug.",
  ].join(" ");
}
