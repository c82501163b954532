import { createServer, request as forward, type IncomingMessage, type ServerResponse } from "node:http";
import { closeServer, listenOnLoopback } from "../e2e/fake-github/http-exchange.js";

/** A request the proxy parks until the test releases it. */
export interface Hold {
  /** Resolves once as many matching requests as asked for arrived and were parked. */
  reached: Promise<void>;
  /** Lets the parked request (and any later match) through. */
  release(): void;
}

/**
 * A loopback HTTP proxy in front of the fake GitHub that passes requests through unchanged, except
 * that it can park the ones a test names, so the test decides which of two concurrent webhook
 * handlings reaches GitHub first: a race made deterministic.
 */
export class HoldingProxy {
  private readonly holds: Array<{ match: (path: string) => boolean; gate: Promise<void>; arrived: () => void }> = [];

  private constructor(
    private readonly server: ReturnType<typeof createServer>,
    /** `http://127.0.0.1:PORT` plus the target's base path. */
    readonly url: string,
  ) {}

  /** Proxies to `target` (e.g. the fake's `http://127.0.0.1:PORT/api/v3`); `url` keeps its path. */
  static async start(target: string): Promise<HoldingProxy> {
    const upstream = new URL(target);
    let proxy: HoldingProxy | undefined;
    const server = createServer((req, res) => void proxy?.pass(upstream, req, res));
    const port = await listenOnLoopback(server);
    proxy = new HoldingProxy(server, `http://127.0.0.1:${port}${upstream.pathname.replace(/\/$/, "")}`);
    return proxy;
  }

  /** Parks every request whose path (without query) satisfies `match` until `release()`; `reached` waits for `arrivals` of them. */
  hold(match: (path: string) => boolean, arrivals = 1): Hold {
    let release = () => {};
    let reachedAll = () => {};
    const reached = new Promise<void>((resolve) => (reachedAll = resolve));
    let count = 0;
    const arrived = () => {
      if (++count === arrivals) reachedAll();
    };
    const gate = new Promise<void>((resolve) => (release = resolve));
    this.holds.push({ match, gate, arrived });
    return { reached, release };
  }

  close(): Promise<void> {
    return closeServer(this.server);
  }

  private async pass(upstream: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", "http://proxy").pathname;
    const hold = this.holds.find((h) => h.match(path));
    if (hold) {
      hold.arrived();
      await hold.gate;
    }
    const out = forward({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    out.on("error", () => res.destroy());
    req.pipe(out);
  }
}
