import { acquireStateLease } from "../adapters/azure/state-lease.js";
import { readStateVersion, stateFactsOf, type StateFacts } from "../adapters/azure/state-snapshots.js";
import { storageStatusOf } from "../adapters/azure/storage-status.js";
import { PACKAGE_VERSION } from "../package-version.js";
import { explainFailure } from "./explain-failure.js";
import { lockFromMetadata } from "./lock-info.js";
import { explainContextOf, type RunContext } from "./run-context.js";
import { RunnerFailure } from "./runner-failure.js";
import { pruneSnapshots, snapshotBeforeChange } from "./snapshot-state.js";
import { storageStep } from "./storage-step.js";

export interface RestoreRequest {
  /** The snapshot id, as `envbranch state history` lists it. */
  version: string;
  /** Restore a snapshot of another lineage too (another environment's state, or this one's before a destroy). */
  allowLineageChange: boolean;
}

/**
 * Why the snapshot must not replace the current state, or null when it may. Another lineage is
 * another state altogether: restoring it would make Terraform forget every resource it tracks now.
 */
export function restoreRefusal(wanted: Pick<StateFacts, "lineage">, current: Pick<StateFacts, "lineage"> | null, allowLineageChange: boolean): string | null {
  if (!current || allowLineageChange || wanted.lineage === current.lineage) return null;
  return `its lineage ${wanted.lineage} is not the current state's ${current.lineage}: it is the state of another environment, or of an earlier one of this name`;
}

/**
 * The state's text with its top-level serial set to `serial`, or null when that cannot be done
 * safely. Text is edited, not re-serialised: JSON.parse would round large numbers in attributes.
 * Terraform writes `serial` among the first keys, before any resource, so its first occurrence is the
 * top-level one; the result is checked to be sure.
 */
export function withSerial(text: string, serial: number): string | null {
  const edited = text.replace(/"serial"\s*:\s*\d+/, `"serial": ${serial}`);
  const facts = stateFactsOf(edited);
  const before = stateFactsOf(text);
  return facts && before && facts.serial === serial && facts.lineage === before.lineage ? edited : null;
}

/**
 * Restores a snapshot of the environment's state blob: under the blob's lease (taken as Terraform
 * takes it, so no Terraform run can write in between), after a snapshot of the current state, and
 * only within the same lineage unless allowed. The restored state gets the serial after the current
 * one, so Terraform sees a newer state and plans against it, and an older errored state cannot be
 * pushed over it.
 */
export async function restoreState(ctx: RunContext, request: RestoreRequest): Promise<void> {
  const key = ctx.spec.terraform.backend.key;
  const { version } = request;
  const wanted = await storageStep(ctx, "restore", (container) => readStateVersion(container, key, version));
  const wantedText = wanted?.toString("utf8") ?? "";
  const wantedFacts = stateFactsOf(wantedText);
  if (!wanted) throw refused(`the state blob \`${key}\` has no snapshot ${version}; \`envbranch state history --branch ${ctx.spec.branch}\` lists the ones there are`);
  if (!wantedFacts) throw refused(`snapshot ${version} of \`${key}\` is not a Terraform state (no lineage and serial)`);
  const holder = { who: `envbranch restore (${ctx.runUrl ?? ctx.spec.correlationId})`, operation: "OperationTypeRestore", version: PACKAGE_VERSION, created: ctx.now().toISOString() };
  const lease = await storageStep(ctx, "restore", async (container) => {
    const blob = container.getBlockBlobClient(key);
    try {
      return await acquireStateLease(blob, key, holder);
    } catch (error) {
      if (storageStatusOf(error) !== 409) throw error;
      const lock = lockFromMetadata((await blob.getProperties()).metadata);
      throw new RunnerFailure("state-locked", "restore", explainFailure("state-locked", { ...explainContextOf(ctx), lock }), { cause: error, lock });
    }
  });
  if (!lease) throw refused(`there is no state blob at \`${key}\` to restore into`);
  try {
    const current = await storageStep(ctx, "restore", (container) => container.getBlobClient(key).downloadToBuffer(0, undefined, { conditions: { leaseId: lease.leaseId } }));
    const currentFacts = stateFactsOf(current.toString("utf8"));
    const refusal = restoreRefusal(wantedFacts, currentFacts, request.allowLineageChange);
    if (refusal) throw refused(`${refusal}. Pass \`--allow-lineage-change\` to \`envbranch state restore\` if you mean to replace it`);
    await snapshotBeforeChange(ctx, "restore", lease.leaseId);
    const serial = Math.max(wantedFacts.serial, currentFacts?.serial ?? 0) + 1;
    const restored = withSerial(wantedText, serial);
    if (restored === null) throw refused(`the serial of snapshot ${version} could not be set to ${serial}: its text does not read as Terraform writes a state`);
    await storageStep(ctx, "restore", () => lease.write(Buffer.from(restored, "utf8")));
    ctx.findings.note = `restored snapshot ${version} (serial ${wantedFacts.serial}, ${wantedFacts.resources} resource(s)) to ${key} as serial ${serial}`;
    ctx.log.info(ctx.findings.note);
  } finally {
    const problem = await lease.release();
    if (problem) ctx.log.info(`could not release the restore's lease on ${key} (${problem}); it expires within a minute`);
  }
  await pruneSnapshots(ctx);

  function refused(reason: string): RunnerFailure {
    return new RunnerFailure("refused", "restore", `Not restored: ${reason}. The state was left as it was.`);
  }
}
