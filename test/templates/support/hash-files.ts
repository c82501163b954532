import { createHash } from "node:crypto";
import { lstatSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve, sep } from "node:path";
import picomatch from "picomatch";

/**
 * GitHub's `hashFiles(...patterns)`, computed over `workspace` (the run's `github.workspace`) as the
 * runner computes it. Sources (actions/runner at 258d6c8, actions/toolkit packages/glob):
 * - src/Runner.Worker/Expressions/HashFilesFunction.cs joins the patterns with newlines and runs
 *   src/Misc/expressionFunc/hashFiles/src/hashFiles.ts in the workspace, which globs with
 *   `@actions/glob` (followSymbolicLinks false unless the first argument is `--follow-symbolic-links`),
 *   skips directories and anything outside the workspace, writes the raw sha256 digest of each file
 *   into one sha256 in the order the globber yields them, and answers its hex, or '' when nothing matched.
 * - `@actions/glob` (internal-globber.ts, internal-pattern.ts): a pattern is trimmed, each leading `!`
 *   negates it, a relative pattern is rooted at the working directory, a pattern also matches every
 *   descendant of what it matches (implicitDescendants), a trailing `/` matches directories only, and
 *   a later pattern overrides an earlier one. Search roots are the literal prefixes of the
 *   non-negated patterns, in pattern order, a root under another root dropped; each root is walked depth
 *   first in `readdir` order (libuv sorts it by byte value).
 * Matching uses picomatch (a dependency) with the options GitHub gives minimatch: dot, no braces, no
 * extglobs, no comments, no negation. Following symbolic links is not modelled and throws.
 */
export function hashFiles(workspace: string, patterns: string[]): string {
  if (patterns[0]?.startsWith("--")) {
    throw new Error(`hashFiles option ${patterns[0]} is not modelled by the test support`);
  }
  const root = resolve(workspace);
  const compiled = patterns.map((p) => compilePattern(root, p)).filter((p): p is Pattern => p !== null);
  const result = createHash("sha256");
  let matched = false;
  for (const file of walk(searchRoots(compiled))) {
    if (!file.startsWith(`${root}${sep}`) || !matches(compiled, file) || statSync(file).isDirectory()) continue;
    result.update(createHash("sha256").update(readFileSync(file)).digest());
    matched = true;
  }
  return matched ? result.digest("hex") : "";
}

interface Pattern {
  negate: boolean;
  searchRoot: string;
  /** Matches the path itself (files too unless the pattern ends with a separator) or anything under it. */
  self: (path: string) => boolean;
  filesToo: boolean;
  descendants: (path: string) => boolean;
}

const OPTIONS = { dot: true, nobrace: true, noextglob: true, nonegate: true } as const;

function compilePattern(root: string, raw: string): Pattern | null {
  let text = raw.trim();
  let negate = false;
  while (text.startsWith("!")) {
    negate = !negate;
    text = text.slice(1).trim();
  }
  if (text === "") return null;
  const trailingSeparator = text.endsWith("/");
  const absolute = resolve(root, text);
  const segments = absolute.split(sep);
  const firstGlob = segments.findIndex((s) => picomatch.scan(s).isGlob);
  const searchRoot = firstGlob === -1 ? absolute : segments.slice(0, firstGlob).join(sep) || sep;
  return {
    negate,
    searchRoot,
    self: picomatch(absolute, OPTIONS),
    filesToo: !trailingSeparator,
    descendants: picomatch(`${absolute}/**`, OPTIONS),
  };
}

/** Whether a file is matched: each pattern in turn adds (or, negated, removes) it. */
function matches(patterns: Pattern[], file: string): boolean {
  let result = false;
  for (const pattern of patterns) {
    const hit = (pattern.filesToo && pattern.self(file)) || pattern.descendants(file);
    if (hit) result = !pattern.negate;
  }
  return result;
}

function searchRoots(patterns: Pattern[]): string[] {
  const candidates = new Set(patterns.filter((p) => !p.negate).map((p) => p.searchRoot));
  const roots: string[] = [];
  for (const candidate of candidates) {
    let parent = dirname(candidate);
    let child = candidate;
    let underAnother = false;
    while (parent !== child) {
      if (candidates.has(parent)) underAnother = true;
      child = parent;
      parent = dirname(parent);
    }
    if (!underAnother && !roots.includes(candidate)) roots.push(candidate);
  }
  return roots;
}

function* walk(roots: string[]): Generator<string> {
  for (const start of roots) {
    const stack = [start];
    while (stack.length > 0) {
      const path = stack.pop()!;
      let stats;
      try {
        stats = lstatSync(path);
      } catch {
        continue; // a root that does not exist is skipped, as the globber skips it
      }
      yield path;
      if (stats.isDirectory()) stack.push(...readdirSync(path).reverse().map((name) => join(path, name)));
    }
  }
}
