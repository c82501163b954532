import { readFile } from "node:fs/promises";
import { explainFailure } from "./explain-failure.js";
import { initStack } from "./plan-stack.js";
import { explainContextOf, type RunContext } from "./run-context.js";
import { RunnerFailure } from "./runner-failure.js";
import { pruneSnapshots, snapshotBeforeChange } from "./snapshot-state.js";
import { terraformFailure } from "./terraform-failure.js";
import { writeStackFiles } from "./write-stack-files.js";

/** The two fields of a Terraform state that say whose it is and how new. */
export interface StateIdentity {
  lineage: string;
  serial: number;
}

/**
 * Why an errored state must not replace the current one, or null when it may. The same rule
 * `terraform state push` applies without `-force` (statemgr.CheckValidImport): another lineage is
 * another environment's state, or this one's before it was destroyed; a lower serial is older than
 * what the blob holds, so pushing it would forget changes made since. No current state: anything goes.
 */
export function recoverRefusal(errored: StateIdentity, current: StateIdentity | null): string | null {
  if (!current) return null;
  if (errored.lineage !== current.lineage) {
    return `its lineage ${errored.lineage} is not the current state's ${current.lineage}: it is the state of another environment, or of an earlier one of this name, and pushing it would replace this environment's state`;
  }
  if (errored.serial < current.serial) {
    return `its serial ${errored.serial} is older than the current state's ${current.serial}: the environment's state moved on after Terraform wrote it, and pushing it would forget what happened since`;
  }
  return null;
}

/**
 * `envbranch state recover FILE`: pushes Terraform's errored state back to the environment's state
 * blob. It reads both states first to say plainly why it refuses, snapshots the current one, then
 * lets `terraform state push` do the write, which takes the state lock and checks lineage and serial
 * again under it.
 */
export async function recoverState(ctx: RunContext, workdir: string, erroredFile: string): Promise<void> {
  const errored = identityOf(await readFile(erroredFile, "utf8").catch((error: unknown) => {
    throw new RunnerFailure("usage", null, `cannot read the errored state ${erroredFile}: ${(error as Error).message}`, { cause: error });
  }), erroredFile);
  if (!errored) throw new RunnerFailure("usage", null, `${erroredFile} is not a Terraform state file (no lineage and serial)`);
  await writeStackFiles(workdir, ctx.stackDir, ctx.spec);
  await initStack(ctx);
  // Not echoed: a state holds every resource's attributes, secrets included.
  const pulled = await ctx.steps.terraform("state-pull", ["state", "pull"], { quietStdout: true });
  if (pulled.exitCode !== 0) throw terraformFailure("state-pull", pulled, explainContextOf(ctx));
  const current = pulled.stdout.trim() === "" ? null : identityOf(pulled.stdout, "the current state");
  const key = ctx.spec.terraform.backend.key;
  const refusal = recoverRefusal(errored, current);
  if (refusal) throw new RunnerFailure("refused", "state-pull", `Not pushed: ${erroredFile} was not written back to the state blob \`${key}\`, because ${refusal}.`);
  await snapshotBeforeChange(ctx, "recover");
  const pushed = await ctx.steps.terraform("state-push", ["state", "push", `-lock-timeout=${ctx.lockTimeout}`, erroredFile]);
  if (pushed.exitCode !== 0) throw terraformFailure("state-push", pushed, explainContextOf(ctx));
  ctx.findings.note = `pushed ${erroredFile} (serial ${errored.serial}) to ${key}${current ? ` over serial ${current.serial}` : ""}`;
  ctx.log.info(ctx.findings.note);
  await pruneSnapshots(ctx);
}

function identityOf(text: string, what: string): StateIdentity | null {
  let parsed: { lineage?: unknown; serial?: unknown };
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch (error) {
    throw new RunnerFailure("usage", null, explainFailure("usage", { excerpt: `${what} is not JSON: ${(error as Error).message}` }), { cause: error });
  }
  return typeof parsed.lineage === "string" && typeof parsed.serial === "number" ? { lineage: parsed.lineage, serial: parsed.serial } : null;
}
