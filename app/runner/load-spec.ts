import { readFile } from "node:fs/promises";
import { parseSpec, type Spec } from "../spec/spec-schema.js";
import { RunnerFailure } from "./runner-failure.js";

/** The environment variable the workflow passes the spec JSON in. */
export const SPEC_ENV = "ENVBRANCH_SPEC";

/**
 * The spec from `--spec FILE`, or else from `$ENVBRANCH_SPEC`, validated with the schema the app
 * renders it with. A spec from a newer or older app names its version in the problem.
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
  try {
    return parseSpec(text);
  } catch (error) {
    throw new RunnerFailure("invalid-spec", null, `The spec in ${source} cannot be used: ${(error as Error).message}.`, { cause: error });
  }
}
