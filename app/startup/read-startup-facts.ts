import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseEnv } from "node:util";
import type { StartupEnv, StartupFacts } from "./startup-facts.js";

/**
 * Gathers what start-up reads: the process environment with `cwd`'s `.env` file applied over it,
 * as Probot's run() applies it (its values win), and the file PRIVATE_KEY_PATH names.
 */
export function readStartupFacts(processEnv: StartupEnv, cwd: string): StartupFacts {
  const env = { ...processEnv, ...readDotEnv(resolve(cwd, ".env")) };
  const keyPath = env.PRIVATE_KEY_PATH;
  if (keyPath === undefined || keyPath === "") return { env };
  try {
    return { env, keyFile: { text: readFileSync(resolve(cwd, keyPath), "utf8") } };
  } catch (error) {
    return { env, keyFile: { error: (error as NodeJS.ErrnoException).code ?? String(error) } };
  }
}

function readDotEnv(path: string): Record<string, string> {
  try {
    return parseEnv(readFileSync(path, "utf8")) as Record<string, string>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new Error(`cannot read ${path}`, { cause: error });
  }
}
