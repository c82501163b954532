import { readFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";

/**
 * The PID of the terraform process the runner `pid` is running (its only child: the terraform
 * shim execs all the way down, so the child is terraform itself), read from Linux's /proc.
 */
export async function terraformChildOf(pid: number): Promise<number> {
  for (let waited = 0; waited < 10_000; waited += 50) {
    const children = await readFile(`/proc/${pid}/task/${pid}/children`, "utf8").catch(() => "");
    for (const child of children.trim().split(/\s+/).filter(Boolean).map(Number)) {
      const comm = await readFile(`/proc/${child}/comm`, "utf8").catch(() => "");
      if (comm.trim() === "terraform") return child;
    }
    await sleep(50);
  }
  throw new Error(`runner ${pid} runs no terraform`);
}
