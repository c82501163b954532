import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The version of the installed envbranch package. Walks up from this file because the depth
 * differs between the sources (app/runner) and the build (dist/app/runner).
 */
export async function packageVersion(): Promise<string> {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++, dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(await readFile(join(dir, "package.json"), "utf8")) as { name?: string; version?: string };
      if (pkg.name === "envbranch" && pkg.version) return pkg.version;
    } catch {
      // not here; keep climbing
    }
  }
  return "unknown";
}
