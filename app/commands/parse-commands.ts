import { SNAPSHOT_ID } from "../spec/spec-schema.js";
import { commandLines } from "./command-lines.js";
import { COMMAND_PREFIX as PREFIX } from "./read-comment.js";

/** The commands envbranch answers to, in the order the help lists them. */
export const COMMAND_NAMES = ["plan", "apply", "unlock", "restore", "setup", "help"] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

/**
 * One command found in a comment; `unknown` carries the words after `/envbranch`, spaces collapsed.
 * `unlock` may name the lock ID it frees, as `terraform force-unlock` takes it; `restore` must name
 * the snapshot it restores (without one it is unknown, and the reply is the help).
 */
export type ParsedCommand =
  | { name: Exclude<CommandName, "unlock" | "restore" | "setup"> }
  | { name: "setup" }
  | { name: "unlock"; lockId?: string }
  | { name: "restore"; version: string }
  | { name: "unknown"; text: string };

/** The commands that act on a pull request's environment: all but `setup`, which needs none. */
export type EnvironmentCommand = Exclude<ParsedCommand, { name: "setup" }>;

/** A Terraform lock ID as the azurerm backend makes it (the blob lease's ID, a UUID); looser, but never a path or markup. */
const LOCK_ID = /^[A-Za-z0-9-]{1,64}$/;

/**
 * The `/envbranch` commands in a pull request comment, each at most once, in order of first
 * appearance. A command is a line of plain text as GitHub renders the comment (see `commandLines`:
 * not in code, quotes, tables or HTML; at most three spaces in front) that reads `/envbranch` and
 * then one word, in any case, with any spaces around. `/envbranch` alone asks for help. Anything else after `/envbranch`,
 * extra words included (`/envbranch apply now`), is unknown, so a typo never runs a command the
 * writer did not mean. Only the first unknown line is kept: every one gets the same help.
 */
export function parseCommands(body: string): ParsedCommand[] {
  const found: ParsedCommand[] = [];
  // Most comments mention no command; one case-blind search spares them the markdown parse.
  if (!body.toLowerCase().includes(PREFIX)) return found;
  const seen = new Set<string>();
  for (const line of commandLines(body)) {
    const command = commandOf(line);
    if (!command || seen.has(command.name)) continue;
    seen.add(command.name);
    found.push(command);
  }
  return found;
}

/** The command a line holds, or null when it does not start with `/envbranch` as a word. */
function commandOf(line: string): ParsedCommand | null {
  if (line.slice(0, PREFIX.length).toLowerCase() !== PREFIX) return null;
  const rest = line.slice(PREFIX.length);
  if (rest !== "" && !/^\s/.test(rest)) return null;
  const words = rest.trim();
  if (words === "") return { name: "help" };
  const [first = "", ...args] = words.split(/\s+/);
  if (first.toLowerCase() === "unlock" && args.length === 1 && LOCK_ID.test(args[0]!)) return { name: "unlock", lockId: args[0]! };
  if (first.toLowerCase() === "restore" && args.length === 1 && SNAPSHOT_ID.test(args[0]!)) return { name: "restore", version: args[0]! };
  const name = COMMAND_NAMES.find((n): n is Exclude<CommandName, "restore"> => n !== "restore" && n === words.toLowerCase());
  return name ? { name } : { name: "unknown", text: words.split(/\s+/).join(" ") };
}
