import { listStateVersions, stateFactsOf, type StateVersion } from "../adapters/azure/state-snapshots.js";
import { storageStatusOf } from "../adapters/azure/storage-status.js";
import type { Spec } from "../spec/spec-schema.js";
import { EXIT_OK } from "./exit-codes.js";
import { DEFAULT_LOCK_TIMEOUT } from "./parse-args.js";
import type { HistoryCommand, RestoreCommand } from "./parse-state-args.js";
import { refusalReason } from "./refuse-action.js";
import { restoreState } from "./restore-state.js";
import { emptyFindings } from "./run-context.js";
import { createRunContext } from "./run-action.js";
import { RunnerFailure } from "./runner-failure.js";
import type { RunnerLog } from "./run-terraform.js";
import { storageStep } from "./storage-step.js";

export interface StateVersionsIo {
  env: Record<string, string | undefined>;
  /** The checkout, absolute. */
  workdir: string;
  stdout(text: string): void;
  log: RunnerLog;
}

/** `envbranch state history` and `envbranch state restore`, once the spec is known; failures are thrown as RunnerFailures. */
export async function runStateVersionsCommand(command: HistoryCommand | RestoreCommand, spec: Spec, io: StateVersionsIo): Promise<number> {
  // The out directory is unused: neither command writes a result file.
  const ctx = createRunContext({ spec, action: "restore", workdir: io.workdir, outDir: io.workdir, lockTimeout: DEFAULT_LOCK_TIMEOUT, env: io.env, log: io.log }, emptyFindings());
  const key = spec.terraform.backend.key;
  if (command.kind === "history") {
    const { versions, current } = await storageStep(ctx, "snapshot", async (container) => ({
      versions: await listStateVersions(container, key),
      current: await container.getBlobClient(key).downloadToBuffer().catch((error: unknown) => {
        if (storageStatusOf(error) === 404) return null;
        throw error;
      }),
    }));
    const facts = current ? stateFactsOf(current.toString("utf8")) : null;
    io.stdout(command.json ? `${JSON.stringify({ stateKey: key, current: facts, versions }, null, 2)}\n` : historyTable(key, facts, versions));
    return EXIT_OK;
  }
  // As for apply: inside GitHub Actions only the app's own runs may change a state.
  const refusal = refusalReason("restore", io.env);
  if (refusal) throw new RunnerFailure("refused", null, refusal);
  await restoreState(ctx, { version: command.version, allowLineageChange: command.allowLineageChange });
  return EXIT_OK;
}

/** The history as a table for a terminal: newest first, the id first, since restore takes it. */
export function historyTable(key: string, current: { serial: number; resources: number } | null, versions: readonly StateVersion[]): string {
  const head = current ? `${key}: serial ${current.serial}, ${current.resources} resource(s) now` : `${key}: no state blob`;
  if (versions.length === 0) return `${head}\nno snapshots yet: the runner takes one before each apply, destroy, recover and restore\n`;
  const rows = [["VERSION", "BEFORE", "SERIAL", "RESOURCES", "COMMIT", "RUN"]];
  for (const v of [...versions].reverse()) {
    rows.push([v.snapshot, v.action ?? "(not envbranch)", v.serial?.toString() ?? "?", v.resources?.toString() ?? "?", v.sha?.slice(0, 7) ?? "", v.runUrl ?? v.run ?? ""]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const lines = rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i]!)).join("  ").trimEnd());
  return `${head}\n${lines.join("\n")}\n`;
}
