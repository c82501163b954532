import { LineCounter, parseDocument, isNode, isScalar, type Document } from "yaml";
import { configSchema, PROJECT_PATTERN, VERSION_KEY, type Config } from "./config-schema.js";

/** One thing wrong with a config file, located as precisely as the source allows. */
export interface ConfigProblem {
  /** Dotted key path, e.g. `azure.state.storageAccount` or `environments[0].approval`; empty for the whole file. */
  path: string;
  /** 1-based line in `.github/envbranch.yml`, when the source text was available and the key is in it. */
  line?: number;
  message: string;
  /** Set on the last entry of a long list: how many more problems there are, not listed. */
  omitted?: number;
}

/** The parsed configuration with the values derived from the repository filled in. */
export interface RepoConfig extends Config {
  project: string;
}

export type ParseConfigResult = { ok: true; config: RepoConfig } | { ok: false; problems: ConfigProblem[] };

type PathSegment = string | number;

/** At most this many problems are located and listed. */
const MAX_PROBLEMS = 50;

/**
 * Parses an already-loaded configuration value into the typed, defaulted config.
 * `sourceText` (the file's YAML) is only used to attach line numbers to problems.
 */
export function parseConfig(value: unknown, repoName: string, sourceText?: string): ParseConfigResult {
  const source = sourceText === undefined ? NO_SOURCE : sourceLocator(sourceText);
  if (!isPlainObject(value)) {
    return { ok: false, problems: [{ path: "", message: "the file must be a YAML mapping of keys to values" }] };
  }
  const result = configSchema.safeParse(value);
  if (!result.success) {
    // Locating a problem walks the document; a hostile file with thousands of problems must stay cheap.
    const problems = result.error.issues.slice(0, MAX_PROBLEMS).flatMap((issue): ConfigProblem[] => {
      const base = issue.path.filter((p): p is PathSegment => typeof p !== "symbol");
      const paths = issue.code === "unrecognized_keys" ? issue.keys.slice(0, MAX_PROBLEMS).map((k) => [...base, k]) : [base];
      return paths.map((path) => {
        const version = issue.code === "unrecognized_keys" ? undefined : versionNumberAt(value, path);
        const message =
          issue.code === "unrecognized_keys"
            ? "unknown key"
            : version !== undefined
              ? versionMessage(version, source.scalar(path))
              : issue.code === "invalid_type" && issue.message.endsWith("received undefined")
                ? "is required"
                : issue.message;
        return { path: formatPath(path), line: source.line(path), message };
      });
    });
    const shown = sortProblems(problems).slice(0, MAX_PROBLEMS);
    const total = result.error.issues.reduce((n, i) => n + (i.code === "unrecognized_keys" ? i.keys.length : 1), 0);
    if (total > shown.length) shown.push({ path: "", message: `and ${total - shown.length} more problems; fix these first`, omitted: total - shown.length });
    return { ok: false, problems: shown };
  }
  const project = result.data.project ?? projectFromRepoName(repoName);
  if (!PROJECT_PATTERN.test(project)) {
    return {
      ok: false,
      problems: [
        {
          path: "project",
          message: `the repository name "${repoName}" does not give a valid project name; set \`project\` to 2-12 lowercase letters and digits`,
        },
      ],
    };
  }
  return { ok: true, config: { ...result.data, project } };
}

/** Parses the YAML text of a config file; syntax errors become problems with their line. */
export function parseConfigText(text: string, repoName: string): ParseConfigResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => ({
        path: "",
        line: lineCounter.linePos(e.pos[0]).line,
        message: `YAML syntax: ${e.message.split("\n")[0]}`,
      })),
    };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // An alias bomb ("billion laughs") is refused by the parser's alias limit; say where it starts.
    const alias = /\*[A-Za-z0-9_-]+/.exec(text);
    const line = alias ? lineCounter.linePos(alias.index).line : undefined;
    return { ok: false, problems: [{ path: "", ...(line ? { line } : {}), message: `YAML: ${error instanceof Error ? error.message : String(error)}` }] };
  }
  return parseConfig(value ?? {}, repoName, text);
}

/** The default project name: the repository name reduced to what Azure names accept. */
export function projectFromRepoName(repoName: string): string {
  const letters = repoName.toLowerCase().replace(/[^a-z0-9]/g, "");
  return letters.replace(/^[0-9]+/, "").slice(0, 12);
}

/** Where a key path is in the file's source: its line, and a scalar's text as written. */
interface SourceLocator {
  line(path: PathSegment[]): number | undefined;
  scalar(path: PathSegment[]): string | undefined;
}

const NO_SOURCE: SourceLocator = { line: () => undefined, scalar: () => undefined };

function sourceLocator(text: string): SourceLocator {
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter });
  return {
    line: (path) => {
      // A missing key has no node: point at the nearest parent that exists.
      for (let depth = path.length; depth >= 0; depth--) {
        const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
        if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
      }
      return undefined;
    },
    scalar: (path) => {
      const node = doc.getIn(path, true);
      return isScalar(node) && typeof node.source === "string" ? node.source : undefined;
    },
  };
}

/** The number under a version key at `path` (see VERSION_KEY), which should have been a string. */
function versionNumberAt(value: unknown, path: PathSegment[]): number | undefined {
  const key = path.at(-1);
  if (typeof key !== "string" || !VERSION_KEY.test(key)) return undefined;
  const found = path.reduce<unknown>((node, segment) => (typeof node === "object" && node !== null ? (node as Record<PathSegment, unknown>)[segment] : undefined), value);
  return typeof found === "number" ? found : undefined;
}

/**
 * The fix for a version YAML read as a number, quoting what the file says: the number has already
 * lost what made it a version (`3.10` is 3.1), so only the source text can be quoted back.
 */
function versionMessage(parsed: number, written: string | undefined): string {
  if (written === undefined) return `write the version quoted, as a string: YAML read it as the number ${parsed}, which may have lost digits (3.10 reads as 3.1)`;
  const reads = String(parsed) === written ? `YAML reads ${written} as a number, and versions are strings` : `YAML reads ${written} as the number ${parsed}`;
  return `write "${written}" (quoted): ${reads}`;
}

function formatPath(path: PathSegment[]): string {
  return path.reduce<string>((out, p) => (typeof p === "number" ? `${out}[${p}]` : out ? `${out}.${p}` : p), "");
}

function sortProblems(problems: ConfigProblem[]): ConfigProblem[] {
  return [...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || a.path.localeCompare(b.path));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
