import { strictParseArgs } from "./strict-parse-args.js";
import { SNAPSHOT_ID } from "../spec/spec-schema.js";

/** `owner/name`, as `--repo` takes it. */
export const REPO_ARGUMENT = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/** Where a state command finds its spec: a file (or ENVBRANCH_SPEC), or the checkout's config for a branch. */
interface SpecSource {
  specFile: string | null;
  branch: string | null;
  repo: string | null;
  workdir: string;
}

/** `envbranch state history`: the snapshots of the environment's state blob. */
export interface HistoryCommand extends SpecSource {
  kind: "history";
  json: boolean;
}

/** `envbranch state restore --version V`: put a snapshot back as the environment's state. */
export interface RestoreCommand extends SpecSource {
  kind: "restore";
  version: string;
  allowLineageChange: boolean;
}

export type StateVersionsArgs = { ok: true; command: HistoryCommand | RestoreCommand } | { ok: false; message: string };

const OPTIONS = {
  spec: { type: "string" },
  branch: { type: "string" },
  repo: { type: "string" },
  workdir: { type: "string" },
  // Here `--version` names a snapshot; elsewhere it asks for the package version.
  version: { type: "string" },
  "allow-lineage-change": { type: "boolean" },
  json: { type: "boolean" },
} as const;

/** Parses `history ...` or `restore ...` (the words after `envbranch state`), or says what is wrong. */
export function parseStateVersionsArgs(argv: readonly string[]): StateVersionsArgs {
  const read = strictParseArgs(argv, OPTIONS);
  if (!read.ok) return read;
  const { values: v, positionals } = read.parsed;
  const [verb, ...extra] = positionals;
  if (extra.length > 0) return { ok: false, message: `unexpected arguments: ${extra.join(" ")}` };
  if (v.spec !== undefined && v.branch !== undefined) return { ok: false, message: "give either --spec or --branch, not both" };
  if (v.repo !== undefined && !REPO_ARGUMENT.test(v.repo)) return { ok: false, message: `--repo must be owner/name, not "${v.repo}"` };
  const source = { specFile: v.spec ?? null, branch: v.branch ?? null, repo: v.repo ?? null, workdir: v.workdir ?? "." };
  if (verb === "history") {
    if (v.version !== undefined || v["allow-lineage-change"]) return { ok: false, message: "state history takes no --version or --allow-lineage-change" };
    return { ok: true, command: { kind: "history", ...source, json: v.json ?? false } };
  }
  if (v.json) return { ok: false, message: "state restore takes no --json" };
  if (v.version === undefined) return { ok: false, message: "state restore needs --version: a snapshot id that `envbranch state history` lists" };
  if (!SNAPSHOT_ID.test(v.version)) return { ok: false, message: `--version must be a snapshot id such as 2026-12-02T04:43:02.1234567Z, not "${v.version}"` };
  return { ok: true, command: { kind: "restore", ...source, version: v.version, allowLineageChange: v["allow-lineage-change"] ?? false } };
}
