import { describe, expect, it } from "vitest";
import { ReadCache, type KeptRead } from "../../app/adapters/github/read-cache.js";

const read = (data: unknown, etag = 'W/"1"'): KeptRead => ({ etag, status: 200, url: "https://api.github.com/x", headers: {}, data });

function cacheAt(clock: { now: number }, bounds: { maxEntries?: number; maxBytes?: number; ttlMs?: number } = {}) {
  return new ReadCache({ maxEntries: bounds.maxEntries ?? 10, maxBytes: bounds.maxBytes ?? 1000, ttlMs: bounds.ttlMs ?? 60_000, now: () => clock.now });
}

describe("the cache of revalidated reads", () => {
  it("gives back what it kept, until the time it keeps it for has passed", () => {
    const clock = { now: 0 };
    const cache = cacheAt(clock);
    cache.set("a", read("config"));
    clock.now = 60_000;
    expect(cache.get("a")?.data).toBe("config");
    clock.now = 60_001;
    expect(cache.get("a")).toBeUndefined();
    expect(cache.size).toEqual({ entries: 0, bytes: 0 });
  });

  it("forgets the least recently used entry first when it holds too many", () => {
    const cache = cacheAt({ now: 0 }, { maxEntries: 2 });
    cache.set("a", read(1));
    cache.set("b", read(2));
    cache.get("a");
    cache.set("c", read(3));
    expect([cache.get("a")?.data, cache.get("b"), cache.get("c")?.data]).toEqual([1, undefined, 3]);
  });

  it("forgets entries until their bytes fit, and keeps no entry over a quarter of them", () => {
    const cache = cacheAt({ now: 0 }, { maxBytes: 100 });
    cache.set("big", read("x".repeat(30)));
    expect(cache.get("big")).toBeUndefined();
    for (const key of ["a", "b", "c", "d", "e"]) cache.set(key, read("x".repeat(20)));
    expect(cache.size).toEqual({ entries: 4, bytes: 88 });
    expect(cache.get("a")).toBeUndefined();
    expect(cache.get("e")?.data).toBe("x".repeat(20));
  });

  it("replaces an entry kept again under the same key, counting its bytes once", () => {
    const cache = cacheAt({ now: 0 });
    cache.set("a", read("old", 'W/"1"'));
    cache.set("a", read("new", 'W/"2"'));
    expect(cache.get("a")).toMatchObject({ etag: 'W/"2"', data: "new" });
    expect(cache.size).toEqual({ entries: 1, bytes: 5 });
  });
});
