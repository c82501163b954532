import { mkdir, rm, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import { ensureRunnerBuilt } from "../../support/terraform-azurite/run-runner-cli.js";

const LOCK = fileURLToPath(new URL("../../../.tmp/runner-build.lock", import.meta.url));
/** Longer than any build takes: a lock this old was left by a test run that was killed. */
const STALE_MS = 5 * 60_000;

/**
 * `ensureRunnerBuilt`, one test file at a time. Test files run in parallel workers, and two builds
 * at once would each rewrite dist/ while the other's file runs the CLI from it.
 */
export async function buildRunnerOnce(): Promise<void> {
  await mkdir(dirname(LOCK), { recursive: true });
  for (;;) {
    try {
      await mkdir(LOCK);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw new Error(`cannot take the build lock ${LOCK}`, { cause: error });
    }
    const since = await stat(LOCK).then((s) => Date.now() - s.mtimeMs, () => 0);
    if (since > STALE_MS) await rm(LOCK, { recursive: true, force: true });
    else await sleep(250);
  }
  try {
    await ensureRunnerBuilt();
  } finally {
    await rm(LOCK, { recursive: true, force: true });
  }
}
