import type { FaultMode } from "./github-faults.js";

interface TallyRow {
  transient: { run: number; ok: number };
  persistent: { run: number; ok: number };
  doubles: number;
}

/**
 * Counts, per fault class, the calls of one flow whose fault ended as it must, and prints one line
 * per class when the file is done, e.g.
 * `GitHub 502 on 7 push calls: transient 7/7 recovered, persistent 7/7 reported, 0 double dispatches`.
 * A scenario that fails its assertions counts as run, not as recovered or reported.
 */
export class FaultTally {
  private readonly rows = new Map<string, TallyRow>();

  constructor(
    private readonly flow: string,
    private readonly calls: number,
  ) {}

  /** Counts `positions` calls as put through a fault; the handle records dispatches and each call that ended well. */
  start(fault: string, mode: FaultMode, positions: number): { dispatches: (count: number) => void; ok: () => void } {
    const row = this.row(fault);
    row[mode].run += positions;
    return {
      dispatches: (count) => {
        if (count > 1) row.doubles++;
      },
      ok: () => {
        row[mode].ok++;
      },
    };
  }

  /** Prints one summary line per fault class. */
  print(): void {
    for (const [fault, row] of this.rows) {
      console.log(
        `GitHub ${fault} on ${this.calls} ${this.flow} calls: transient ${row.transient.ok}/${row.transient.run} recovered, persistent ${row.persistent.ok}/${row.persistent.run} reported, ${row.doubles} double dispatches`,
      );
    }
  }

  private row(fault: string): TallyRow {
    let row = this.rows.get(fault);
    if (!row) {
      row = { transient: { run: 0, ok: 0 }, persistent: { run: 0, ok: 0 }, doubles: 0 };
      this.rows.set(fault, row);
    }
    return row;
  }
}
