import { strictParseArgs } from "./strict-parse-args.js";
import { ACTIONS, type Action } from "../spec/spec-schema.js";
import { parseStateVersionsArgs, REPO_ARGUMENT, type HistoryCommand, type RestoreCommand } from "./parse-state-args.js";

/** Terraform's default wait for a held lock: a routine run finishes well within it. */
export const DEFAULT_LOCK_TIMEOUT = "2m";
export const DEFAULT_OUT_DIR = ".envbranch";

export const USAGE = `Usage:
  envbranch run [ACTION] [--spec FILE] [--out DIR] [--lock-timeout 2m] [--workdir DIR]
  envbranch run [ACTION] --branch env-NAME [--repo OWNER/NAME] ...     (local: spec from .github/envbranch.yml)
  envbranch render --branch env-NAME [--repo OWNER/NAME] [--workdir DIR] [--action ACTION]
  envbranch summarize PLAN_JSON [--budget CHARS] [--full-plan MARKDOWN] [--json]
  envbranch state recover ERRORED_STATE [--spec FILE | --branch env-NAME [--repo OWNER/NAME]] [--lock-timeout 2m] [--workdir DIR]
  envbranch state history [--spec FILE | --branch env-NAME [--repo OWNER/NAME]] [--json] [--workdir DIR]
  envbranch state restore --version SNAPSHOT [--allow-lineage-change] [--spec FILE | --branch env-NAME [--repo OWNER/NAME]] [--workdir DIR]
  envbranch init [--dry-run] [--force] [--repo OWNER/NAME] [--workdir DIR]
  envbranch doctor --branch env-NAME [--repo OWNER/NAME] [--workdir DIR]

ACTION is one of ${ACTIONS.join(", ")}; it defaults to the spec's action (plan with --branch).
The spec comes from --spec FILE or from the ENVBRANCH_SPEC environment variable.
--out (default ${DEFAULT_OUT_DIR}) receives result.json (and plan.tfplan and plan.json, which hold
secrets: a plan run stores its saved plan beside the environment's state; an apply of an approved
plan fetches it from there, as the spec names it).
summarize prints the plan summary markdown the app posts, from \`terraform show -json\` output
(PLAN_JSON may be - for standard input); \`envbranch summarize --help\` says more.
state recover pushes Terraform's errored.tfstate back to the environment's state blob, under the
state lock, and only when it is of the same lineage and not older than the state there.
state history lists the snapshots the runner took of the state blob before each change (when, which
run and commit, serial, resources); state restore puts one back under the state's lease, after a
snapshot of the current state, and refuses another lineage unless --allow-lineage-change.
init detects the checkout's runtime, database and add-ons and writes .github/envbranch.yml, the
workflow and a Terraform stack (an existing stack is kept and checked); it overwrites no file unless
--force, and --dry-run prints the files instead.
doctor checks the branch's Azure setup with your Azure CLI login (state storage and its lease,
federated credentials, roles, resource providers) and prints what is wrong and the command that fixes it.`;

export interface RunCommand {
  kind: "run";
  action: Action | null;
  specFile: string | null;
  branch: string | null;
  repo: string | null;
  workdir: string;
  outDir: string;
  lockTimeout: string;
}

export interface RenderCommand {
  kind: "render";
  action: Action;
  branch: string;
  repo: string | null;
  workdir: string;
}

/** `envbranch summarize ...`: its arguments are the plan summary command's own. */
export interface SummarizeCommand {
  kind: "summarize";
  argv: string[];
}

/** `envbranch state recover FILE`: push an errored state back, with the run's ways of finding the spec. */
export interface RecoverCommand {
  kind: "recover";
  erroredState: string;
  specFile: string | null;
  branch: string | null;
  repo: string | null;
  workdir: string;
  lockTimeout: string;
}

/** `envbranch init`: generate the checkout's envbranch setup. */
export interface InitCommand {
  kind: "init";
  repo: string | null;
  workdir: string;
  dryRun: boolean;
  force: boolean;
}

/** `envbranch doctor --branch`: check the branch's Azure setup from a checkout. */
export interface DoctorCommand {
  kind: "doctor";
  branch: string;
  repo: string | null;
  workdir: string;
}

export type Command = RunCommand | RenderCommand | SummarizeCommand | RecoverCommand | HistoryCommand | RestoreCommand | InitCommand | DoctorCommand | { kind: "help" } | { kind: "version" };
export type ParsedArgs = { ok: true; command: Command } | { ok: false; message: string };

const OPTIONS = {
  spec: { type: "string" },
  out: { type: "string" },
  "lock-timeout": { type: "string" },
  branch: { type: "string" },
  repo: { type: "string" },
  workdir: { type: "string" },
  action: { type: "string" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
  "dry-run": { type: "boolean" },
  force: { type: "boolean" },
} as const;

/** Parses the command line (without `node` and the script) into a command, or says what is wrong. */
export function parseCommandLine(argv: readonly string[]): ParsedArgs {
  // Before parsing: summarize has options of its own (--budget, --json) that the ones below would reject.
  if (argv[0] === "summarize") return { ok: true, command: { kind: "summarize", argv: argv.slice(1) } };
  // Also before: there `--version` names a snapshot.
  if (argv[0] === "state" && (argv[1] === "history" || argv[1] === "restore")) return parseStateVersionsArgs(argv.slice(1));
  const read = strictParseArgs(argv, OPTIONS);
  if (!read.ok) return read;
  const { values: v, positionals } = read.parsed;
  if (v.help) return { ok: true, command: { kind: "help" } };
  if (v.version) return { ok: true, command: { kind: "version" } };
  const [verb, actionArg, ...extra] = positionals;
  if (extra.length > 0 && verb !== "state") return { ok: false, message: `unexpected arguments: ${extra.join(" ")}` };
  if (v.repo !== undefined && !REPO_ARGUMENT.test(v.repo)) {
    return { ok: false, message: `--repo must be owner/name, not "${v.repo}"` };
  }
  const workdir = v.workdir ?? ".";
  const lockTimeout = v["lock-timeout"] ?? DEFAULT_LOCK_TIMEOUT;
  if (!/^\d+(ms|s|m|h)$/.test(lockTimeout)) return { ok: false, message: `--lock-timeout must be a duration such as 90s or 2m, not "${lockTimeout}"` };
  if (verb === "state") {
    if (actionArg !== "recover") return { ok: false, message: `unknown state command "${actionArg ?? ""}"; expected recover, history or restore` };
    if (extra.length !== 1) return { ok: false, message: "state recover takes one file: the errored state to push back" };
    if (v.spec !== undefined && v.branch !== undefined) return { ok: false, message: "give either --spec or --branch, not both" };
    if (v.out !== undefined || v.action !== undefined) return { ok: false, message: "state recover takes no --out or --action" };
    const recover = { erroredState: extra[0]!, specFile: v.spec ?? null, branch: v.branch ?? null, repo: v.repo ?? null };
    return { ok: true, command: { kind: "recover", ...recover, workdir, lockTimeout } };
  }
  switch (verb) {
    case "run": {
      if (v.action !== undefined) return { ok: false, message: "give the action as `envbranch run ACTION`, not --action" };
      const action = actionArg === undefined ? null : asAction(actionArg);
      if (action === undefined) return { ok: false, message: `unknown action "${actionArg}"; expected one of ${ACTIONS.join(", ")}` };
      if (v.spec !== undefined && v.branch !== undefined) return { ok: false, message: "give either --spec or --branch, not both" };
      return {
        ok: true,
        command: {
          kind: "run",
          action,
          specFile: v.spec ?? null,
          branch: v.branch ?? null,
          repo: v.repo ?? null,
          workdir,
          outDir: v.out ?? DEFAULT_OUT_DIR,
          lockTimeout,
        },
      };
    }
    case "render": {
      if (actionArg !== undefined) return { ok: false, message: `unexpected argument: ${actionArg}` };
      if (v.branch === undefined) return { ok: false, message: "render needs --branch" };
      const action = v.action === undefined ? "plan" : asAction(v.action);
      if (action === undefined) return { ok: false, message: `unknown action "${v.action}"; expected one of ${ACTIONS.join(", ")}` };
      return { ok: true, command: { kind: "render", action, branch: v.branch, repo: v.repo ?? null, workdir } };
    }
    case "init":
      if (actionArg !== undefined) return { ok: false, message: `unexpected argument: ${actionArg}` };
      return { ok: true, command: { kind: "init", repo: v.repo ?? null, workdir, dryRun: v["dry-run"] ?? false, force: v.force ?? false } };
    case "doctor": {
      if (actionArg !== undefined) return { ok: false, message: `unexpected argument: ${actionArg}` };
      if (v.branch === undefined) return { ok: false, message: "doctor needs --branch" };
      if (v.spec !== undefined || v.out !== undefined || v.action !== undefined) return { ok: false, message: "doctor takes no --spec, --out or --action" };
      return { ok: true, command: { kind: "doctor", branch: v.branch, repo: v.repo ?? null, workdir } };
    }
    case undefined:
      return { ok: false, message: "no command given" };
    default:
      return { ok: false, message: `unknown command "${verb}"` };
  }
}

function asAction(text: string): Action | undefined {
  return (ACTIONS as readonly string[]).includes(text) ? (text as Action) : undefined;
}
