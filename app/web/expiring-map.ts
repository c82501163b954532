/**
 * A map whose entries expire `ttlMs` after they are set and which holds at most `maxEntries`: a set
 * beyond the bound drops the oldest entry first, so memory stays bounded whatever callers send.
 */
export class ExpiringMap<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();

  constructor(private readonly bounds: { ttlMs: number; maxEntries: number; now: () => number }) {}

  /** The value under `key`, or undefined when there is none or it has expired (then it is dropped). */
  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.bounds.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Sets `key`; `ttlMs` shortens (never lengthens) this entry's life below the map's. */
  set(key: string, value: V, ttlMs = this.bounds.ttlMs): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.bounds.now() + Math.min(ttlMs, this.bounds.ttlMs) });
    // A Map iterates in insertion order, so the first key is the oldest set.
    while (this.entries.size > this.bounds.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }

  /** Removes `key`'s entry and gives its value when it was still live: a single-use read. */
  take(key: string): V | undefined {
    const value = this.get(key);
    this.entries.delete(key);
    return value;
  }

  /** Removes `key`'s entry. */
  delete(key: string): void {
    this.entries.delete(key);
  }

  /** How many entries are held, expired ones included until they are read. */
  get size(): number {
    return this.entries.size;
  }
}
