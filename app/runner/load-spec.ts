import { readFile } from "node:fs/promises";
import { PACKAGE_VERSION } from "../package-version.js";
import { parseSpec, SPEC_VERSION, type Spec } from "../spec/spec-schema.js";
import { peekSpecVersions, runnerMismatch } from "./check-spec-version.js";
import { RunnerFailure } from "./runner-failure.js";

/** The environment variable the workflow passes the spec JSON in. */
export const SPEC_ENV = "ENVBRANCH_SPEC";

/**
 * The spec from `--spec FILE`, or else from `$ENVBRANCH_SPEC`, validated with the schema the app
 * renders it with. A spec this runner cannot read because the app that rendered it is of another
 * version is a runner-mismatch, which says which pin to update, rather than a list of schema problems.
 */
export async function loadSpec(specFile: string | undefined, env: Record<string, string | undefined>): Promise<Spec> {
  let text: string;
  let source: string;
  if (specFile) {
    source = specFile;
    try {
      text = await readFile(specFile, "utf8");
    } catch (error) {
      throw new RunnerFailure("invalid-spec", null, `Cannot read the spec file ${specFile}: ${(error as Error).message}`, { cause: error });
    }
  } else if (env[SPEC_ENV]) {
    source = `$${SPEC_ENV}`;
    text = env[SPEC_ENV];
  } else {
    throw new RunnerFailure("usage", null, `No spec: pass --spec FILE, set ${SPEC_ENV} to the spec JSON, or use --branch to derive one from this checkout.`);
  }
  const peeked = peekSpecVersions(text);
  if (peeked && peeked.version !== undefined && peeked.version !== SPEC_VERSION) throw runnerMismatch(peeked);
  try {
    return parseSpec(text);
  } catch (error) {
    const problem = `The spec in ${source} cannot be used: ${(error as Error).message}.`;
    // Same protocol, another app version: a field this runner's strict schema does not know yet is the likely cause.
    if (typeof peeked?.appVersion === "string" && peeked.appVersion !== PACKAGE_VERSION) throw runnerMismatch(peeked, problem, error);
    throw new RunnerFailure("invalid-spec", null, problem, { cause: error });
  }
}
