import { describe, expect, it } from "vitest";
import pino from "pino";
import { BackgroundJobs } from "../../../app/background/background-jobs.js";
import { CoalescedJobs } from "../../../app/background/coalesced-jobs.js";
import type { Log } from "../../../app/logging/event-log.js";

const log = pino({ level: "silent" }) as unknown as Log;

describe("coalesced jobs", () => {
  it("runs a burst of 100 requests as the running one and the newest waiting one", async () => {
    const jobs = new BackgroundJobs();
    const coalesced = new CoalescedJobs(jobs);
    const ran: number[] = [];
    for (let i = 0; i < 100; i++) coalesced.request("repo", log, async () => void ran.push(i));
    await jobs.idle();
    expect(ran).toEqual([0, 99]);
  });

  it("runs a request made while its key's work runs after that work, and other keys alongside", async () => {
    const jobs = new BackgroundJobs();
    const coalesced = new CoalescedJobs(jobs);
    const ran: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    coalesced.request("a", log, async () => {
      await held;
      ran.push("a1");
    });
    coalesced.request("b", log, async () => void ran.push("b"));
    coalesced.request("a", log, async () => void ran.push("a2"));
    await new Promise((resolve) => setImmediate(resolve));
    expect(ran).toEqual(["b"]);
    release();
    await jobs.idle();
    expect(ran).toEqual(["b", "a1", "a2"]);
  });

  it("goes on after a failed run and takes requests again once drained", async () => {
    const jobs = new BackgroundJobs();
    const coalesced = new CoalescedJobs(jobs);
    const ran: string[] = [];
    coalesced.request("a", log, async () => {
      throw new Error("boom");
    });
    coalesced.request("a", log, async () => void ran.push("after failure"));
    await jobs.idle();
    coalesced.request("a", log, async () => void ran.push("later"));
    await jobs.idle();
    expect(ran).toEqual(["after failure", "later"]);
  });
});
