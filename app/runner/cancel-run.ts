/**
 * A request to stop the run, from a signal. GitHub's runner cancels a step (a cancelled job, or
 * `timeout-minutes`) by signalling the step's process alone, then killing it; from
 * actions/runner src/Runner.Sdk/ProcessInvoker.cs (main, August 2026):
 *
 *     private readonly TimeSpan _sigintTimeout = TimeSpan.FromMilliseconds(7500);
 *     private readonly TimeSpan _sigtermTimeout = TimeSpan.FromMilliseconds(2500);
 *     ...
 *     bool sigint_succeed = await SendSIGINT(_sigintTimeout);     // kill(_proc.Id, SIGINT)
 *     ...
 *     bool sigterm_succeed = await SendSIGTERM(_sigtermTimeout);  // kill(_proc.Id, SIGTERM)
 *     ...
 *     KillProcessTree();                                          // on Linux: _proc.Kill(), SIGKILL
 *
 * So Terraform, a child of the runner, never hears of it unless the runner tells it; and after
 * 10 s node is killed outright, which no handler can stop. Terraform needs one SIGINT to stop
 * gracefully (finish or cancel what is running, write the state, release the lease); a second
 * one makes it exit at once ("Two interrupts received. Exiting immediately"), losing state.
 */
export interface Cancellation {
  /** The signal that asked the run to stop, or null while none has. */
  readonly requestedBy: NodeJS.Signals | null;
  /** Calls `listener` once the run is asked to stop (at once, when it already was); returns an unsubscribe. */
  onRequest(listener: (signal: NodeJS.Signals) => void): () => void;
}

/** A cancellation fed by `request`; `request` after the first call only reports the repeat. */
export function createCancellation(): Cancellation & { request(signal: NodeJS.Signals): boolean } {
  let requestedBy: NodeJS.Signals | null = null;
  const listeners = new Set<(signal: NodeJS.Signals) => void>();
  return {
    get requestedBy() {
      return requestedBy;
    },
    onRequest(listener) {
      if (requestedBy) {
        listener(requestedBy);
        return () => {};
      }
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    request(signal) {
      if (requestedBy) return false;
      requestedBy = signal;
      for (const listener of [...listeners]) listener(signal);
      listeners.clear();
      return true;
    },
  };
}

/** A cancellation that is never requested, for callers that run no signal handlers (tests, `render`). */
export const NEVER_CANCELLED: Cancellation = { requestedBy: null, onRequest: () => () => {} };

/**
 * Turns SIGINT and SIGTERM of this process into a cancellation. Having a handler at all keeps node
 * alive on them, so a repeat (GitHub's SIGTERM 7.5 s after its SIGINT) is only logged while
 * Terraform finishes; `uninstall` puts node's default behaviour back.
 */
export function cancelOnSignals(target: Pick<NodeJS.Process, "on" | "off">, info: (line: string) => void): { cancellation: Cancellation; uninstall(): void } {
  const cancellation = createCancellation();
  const handler = (signal: NodeJS.Signals) => {
    if (cancellation.request(signal)) {
      info(`received ${signal}: asking Terraform to stop gracefully (one SIGINT), then writing a cancelled result; no further step starts`);
    } else {
      info(`received ${signal} again: ignored, Terraform is still stopping (it saves state and releases the lock before it exits)`);
    }
  };
  target.on("SIGINT", handler);
  target.on("SIGTERM", handler);
  return {
    cancellation,
    uninstall: () => {
      target.off("SIGINT", handler);
      target.off("SIGTERM", handler);
    },
  };
}
