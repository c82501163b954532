import type { EnvironmentPolicy } from "../config/config-schema.js";
import { inlineCode } from "../templates/markdown.js";
import { permissionClause, RESTORE_PERMISSION, SETUP_PERMISSION, UNLOCK_PERMISSION, whoClause } from "./command-permissions.js";

// Enough to recognise a typo; a longer echo would only repeat what the commenter just wrote.
const QUOTED_CHARACTERS = 60;

/**
 * The reply to `/envbranch help`: each command, who may use it and what it does. Given the
 * environment's policy, the "who" column names its real permission, approvers and self-approval
 * rule; without one it describes the defaults and where to change them.
 */
export function commandHelp(policy?: EnvironmentPolicy): string {
  const who = (command: "plan" | "apply" | "unlock" | "restore") => (policy ? capitalize(whoClause(command, policy)) : GENERIC_WHO[command]);
  const selfApproval = policy
    ? policy.selfApproval
      ? "; the pull request's author too"
      : "; not the pull request's author"
    : "; the pull request's author only where `selfApproval` is on";
  const apply =
    policy?.applyOn === "merge"
      ? "Approves the plan of the current head; merging the pull request then applies it."
      : "Applies the saved plan of the current head, once that plan has succeeded. A push after the plan voids it.";
  const rows = [
    ["`/envbranch plan`", who("plan"), "Plans the pull request's head against the environment; the sticky plan comment and the check run show the result."],
    ["`/envbranch apply`", `${who("apply")}${selfApproval}`, apply],
    [
      "`/envbranch unlock`",
      who("unlock"),
      "Frees the lease on the environment's Terraform state that a crashed or killed run left behind, and says who held it and since when. Refused while a run of the environment is going; `/envbranch unlock LOCK_ID`, with the lock ID a failed run showed, frees the lease only if that lock still holds it. Never while the state is being written.",
    ],
    [
      "`/envbranch restore`",
      who("restore"),
      "`/envbranch restore VERSION` puts back the snapshot VERSION of the environment's Terraform state (the check run of every apply names the snapshot it took; `envbranch state history` lists them all), after a snapshot of the current state. Refused for a snapshot of another lineage, and while a run holds the state's lock.",
    ],
    ["`/envbranch setup`", capitalize(permissionClause(SETUP_PERMISSION)), "On any pull request: generates the setup from the default branch again and opens the onboarding pull request from `envbranch/setup` (or refreshes the open one), even after it was closed."],
    ["`/envbranch help`", "Anyone", "Shows this help."],
  ];
  return [
    "### envbranch commands",
    "",
    "Comment a command on a line of its own in a pull request into an environment branch. Case and extra spaces do not matter; commands in code, quotes, edited comments and comments by bots are ignored.",
    "",
    "| Command | Who may use it | What it does |",
    "| --- | --- | --- |",
    ...rows.map((cells) => `| ${cells.map(tableCell).join(" | ")} |`),
    "",
    "Pull requests from forks are never planned or applied.",
  ].join("\n");
}

/** The reply to a command envbranch does not know: the command quoted safely, then the help. */
export function unknownCommandReply(text: string, policy?: EnvironmentPolicy): string {
  return `${inlineCode(`/envbranch ${quotable(text)}`)} is not an envbranch command.\n\n${commandHelp(policy)}`;
}

const GENERIC_WHO = {
  plan: "Write permission or higher, or an approver of the environment",
  apply: "The environment's approver permission (write unless `.github/envbranch.yml` says otherwise) or higher, or an approver it lists",
  unlock: capitalize(permissionClause(UNLOCK_PERMISSION)),
  restore: capitalize(permissionClause(RESTORE_PERMISSION)),
} as const;

/**
 * User text made safe to echo: control and bidirectional-override characters become spaces (they
 * could break the line or disguise the text), and long text is cut at a character boundary.
 */
function quotable(text: string): string {
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, " ");
  // Code points take at most two code units, so this slice holds one more than can be shown.
  const characters = Array.from(clean.slice(0, (QUOTED_CHARACTERS + 1) * 2));
  return characters.length > QUOTED_CHARACTERS ? `${characters.slice(0, QUOTED_CHARACTERS).join("")}…` : characters.join("");
}

// A pipe ends a table cell even inside a code span unless escaped (GitHub's table rule).
function tableCell(text: string): string {
  return text.replace(/\|/g, "\\|");
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
