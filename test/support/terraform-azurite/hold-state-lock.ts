import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { ContainerClient } from "@azure/storage-blob";
import { execa, type ResultPromise } from "execa";
import { BACKEND_FILE, renderFiles } from "../../../app/spec/render-files.js";
import type { Spec } from "../../../app/spec/spec-schema.js";
import { FIXTURE_STACK } from "./test-checkout.js";

export interface HeldLock {
  /** The PID of the terraform process holding the lock. */
  pid: number;
  /** Ends that terraform process and removes its directory. */
  release(): Promise<void>;
}

/**
 * Another run holding the environment's state lock, for real: a second terraform, in its own copy
 * of the stack, sitting in `terraform console`, which takes the state lock (the blob lease, with its
 * lock info in the blob's metadata) for as long as it runs. Resolves once the lease is taken.
 */
export async function holdStateLock(spec: Spec, env: Record<string, string>, container: ContainerClient): Promise<HeldLock> {
  const dir = await mkdtemp(join(tmpdir(), "envbranch-lock-holder-"));
  await cp(FIXTURE_STACK, dir, { recursive: true });
  for (const [name, text] of Object.entries(renderFiles(spec))) await writeFile(join(dir, name), text);
  const options = { cwd: dir, env, extendEnv: false, reject: false } as const;
  const init = await execa("terraform", ["init", "-input=false", "-no-color", "-reconfigure", `-backend-config=${BACKEND_FILE}`], options);
  if (init.exitCode !== 0) throw new Error(`the lock holder's terraform init failed:\n${init.stderr}`);
  // stdin stays open, so the console waits for input and keeps the lock.
  const holder: ResultPromise = execa("terraform", ["console"], { ...options, stdin: "pipe" });
  const blob = container.getBlobClient(spec.terraform.backend.key);
  for (let waited = 0; ; waited += 100) {
    const leased = await blob.getProperties().then((p) => p.leaseState === "leased", () => false);
    if (leased) break;
    if (waited > 20_000 || holder.exitCode !== null) {
      holder.kill("SIGKILL");
      throw new Error(`terraform console did not take the state lock:\n${(await holder).stderr}`);
    }
    await sleep(100);
  }
  return {
    pid: holder.pid!,
    release: async () => {
      // End of input ends the console at once; it ignores SIGTERM while waiting for a line.
      holder.stdin?.end();
      const timer = setTimeout(() => holder.kill("SIGKILL"), 5_000);
      await holder;
      clearTimeout(timer);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
