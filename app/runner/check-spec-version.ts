import { PACKAGE_VERSION } from "../package-version.js";
import { SPEC_VERSION } from "../spec/spec-schema.js";
import { explainFailure } from "./explain-failure.js";
import { RunnerFailure } from "./runner-failure.js";

/** The two fields a runner of any version can read from a spec before its schema: what it is and who rendered it. */
export interface SpecVersions {
  version: unknown;
  appVersion: unknown;
}

/**
 * Reads `version` and `appVersion` from the spec's raw JSON, without its schema: a spec of another
 * version fails the strict schema on fields this runner has never heard of, and that message would
 * hide the real cause. Null when the text is not a JSON object (the schema's parse says so).
 */
export function peekSpecVersions(text: string): SpecVersions | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return null;
  const { version, appVersion } = raw as Record<string, unknown>;
  return { version, appVersion };
}

/**
 * The runner-mismatch failure: the app and the repository's pinned runner differ. `problem`, when
 * given, is what the schema found wrong with a spec of this version from another app version.
 */
export function runnerMismatch(peeked: SpecVersions, problem?: string, cause?: unknown): RunnerFailure {
  const versions = {
    runner: PACKAGE_VERSION,
    runnerSpec: SPEC_VERSION,
    app: typeof peeked.appVersion === "string" && peeked.appVersion ? peeked.appVersion : "(not given)",
    appSpec: typeof peeked.version === "number" || typeof peeked.version === "string" ? String(peeked.version) : "(not given)",
  };
  return new RunnerFailure("runner-mismatch", null, explainFailure("runner-mismatch", { versions, ...(problem ? { excerpt: problem } : {}) }), { cause });
}
