import type { RecordedRequest } from "../fake-github/serve-api.js";

interface DeliveryCalls {
  event: string;
  calls: RecordedRequest[];
}

interface Step {
  name: string;
  deliveries: DeliveryCalls[];
}

/**
 * Attributes the fake GitHub's recorded API calls to the webhook delivery that caused them, grouped
 * in the life cycle's steps, for the closing note's "GitHub API calls per push, PR plan, apply and
 * delete". Deliveries run one at a time and the app answers only once its handler finished, so the
 * requests recorded between a delivery's start and its answer are that delivery's.
 */
export class ApiCallLedger {
  private readonly steps: Step[] = [];

  constructor(private readonly requests: readonly RecordedRequest[]) {}

  /** Starts a step; the deliveries recorded from now on belong to it. */
  begin(name: string): void {
    this.steps.push({ name, deliveries: [] });
  }

  /** Runs one delivery and books the API calls made while it ran. */
  async record<T>(event: string, deliver: () => Promise<T>): Promise<T> {
    const step = this.steps.at(-1);
    if (step === undefined) throw new Error("ApiCallLedger: begin a step before recording deliveries");
    const from = this.requests.length;
    try {
      return await deliver();
    } finally {
      step.deliveries.push({ event, calls: this.requests.slice(from) });
    }
  }

  /** The number of API calls of a step that count against GitHub's rate limit (a 304 does not). */
  total(name: string): number {
    const step = this.steps.find((s) => s.name === name);
    if (step === undefined) throw new Error(`ApiCallLedger: no step "${name}"`);
    return step.deliveries.reduce((sum, d) => sum + d.calls.filter(counted).length, 0);
  }

  /** A printable report: per step the total, the calls per delivery, and the calls per operation. */
  report(): string {
    const width = Math.max(...this.steps.map((s) => s.name.length));
    const lines = ["GitHub API calls the app made, per life-cycle step (fake GitHub's request log; 304s apart, as the rate limit leaves them):"];
    for (const step of this.steps) {
      const calls = step.deliveries.flatMap((d) => d.calls.filter(counted));
      const notModified = step.deliveries.flatMap((d) => d.calls.filter((c) => !counted(c)));
      const perDelivery = step.deliveries.map((d) => `${d.event} ${d.calls.filter(counted).length}`).join(", ");
      lines.push(`  ${step.name.padEnd(width)}  ${String(calls.length).padStart(3)}  (${perDelivery})`);
      lines.push(`  ${"".padEnd(width)}       ${countByOperation(calls)}${notModified.length > 0 ? `; 304: ${countByOperation(notModified)}` : ""}`);
    }
    return lines.join("\n");
  }
}

function counted(call: RecordedRequest): boolean {
  return call.status !== 304;
}

function countByOperation(calls: readonly RecordedRequest[]): string {
  const counts = new Map<string, number>();
  for (const call of calls) {
    const name = call.operationId ?? `${call.method} ${call.path}`;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts.entries()].map(([name, n]) => `${name} ${n}`).join(", ") || "none";
}
