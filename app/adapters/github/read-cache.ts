/** A GitHub answer kept for revalidation: its ETag and what came with it. */
export interface KeptRead {
  etag: string;
  status: number;
  url: string;
  headers: Record<string, string | number | undefined>;
  data: unknown;
}

/** How much a ReadCache keeps, and for how long. */
export interface ReadCacheBounds {
  maxEntries: number;
  /** The sum of the entries' sizes (their data's JSON length); an entry over a quarter of it is not kept. */
  maxBytes: number;
  /** GitHub's ETags hold for one token, and an installation token lasts an hour: older entries seldom revalidate. */
  ttlMs: number;
  now: () => number;
}

/** What the app keeps by default: the config and branches of a few hundred repositories, and the latest commits' check runs. */
export const DEFAULT_READ_CACHE_BOUNDS: Omit<ReadCacheBounds, "now"> = { maxEntries: 500, maxBytes: 4 * 2 ** 20, ttlMs: 10 * 60_000 };

/**
 * The last answer to a few GitHub reads, least recently used first out, each for a short time. It is
 * only ever used after GitHub said the answer has not changed (a 304), so it can be small and
 * forgetful without being wrong: a miss costs one counted read, never a stale one.
 */
export class ReadCache {
  private readonly entries = new Map<string, { read: KeptRead; bytes: number; storedAt: number }>();
  private bytes = 0;

  constructor(private readonly bounds: ReadCacheBounds) {}

  /** The kept read for `key`, or undefined when there is none or it is too old. */
  get(key: string): KeptRead | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.drop(key);
    if (this.bounds.now() - entry.storedAt > this.bounds.ttlMs) return undefined;
    this.entries.set(key, entry);
    this.bytes += entry.bytes;
    return entry.read;
  }

  /** Keeps `read` under `key`, then forgets the least recently used entries until the bounds hold. */
  set(key: string, read: KeptRead): void {
    this.drop(key);
    const bytes = JSON.stringify(read.data ?? null).length;
    if (bytes > this.bounds.maxBytes / 4) return;
    this.entries.set(key, { read, bytes, storedAt: this.bounds.now() });
    this.bytes += bytes;
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.bounds.maxEntries && this.bytes <= this.bounds.maxBytes) break;
      this.drop(oldest);
    }
  }

  /** Forgets `key`. */
  drop(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }

  /** How many entries and bytes are kept. */
  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }
}
