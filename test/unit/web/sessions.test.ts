import { describe, expect, it } from "vitest";
import { cookieHeader, readCookie } from "../../../app/web/cookies.js";
import { ExpiringMap } from "../../../app/web/expiring-map.js";
import { SESSION_BOUNDS, Sessions } from "../../../app/web/sessions.js";
import { readWebSettings } from "../../../app/web/web-settings.js";

describe("the bounded, expiring map behind sessions and caches", () => {
  it("forgets an entry at its expiry and drops the oldest past its bound", () => {
    let now = 0;
    const map = new ExpiringMap<string>({ ttlMs: 100, maxEntries: 2, now: () => now });
    map.set("a", "1");
    map.set("b", "2");
    map.set("c", "3");
    expect([map.get("a"), map.get("b"), map.get("c")]).toEqual([undefined, "2", "3"]);
    now = 99;
    expect(map.get("b")).toBe("2");
    now = 100;
    expect(map.get("b")).toBeUndefined();
    expect(map.size).toBe(1);
  });

  it("lets an entry live shorter than the map's time, never longer, and takes an entry once", () => {
    let now = 0;
    const map = new ExpiringMap<string>({ ttlMs: 100, maxEntries: 5, now: () => now });
    map.set("short", "x", 10);
    map.set("long", "y", 1_000);
    now = 10;
    expect(map.get("short")).toBeUndefined();
    expect(map.take("long")).toBe("y");
    expect(map.take("long")).toBeUndefined();
  });
});

describe("sessions", () => {
  it("accepts a sign-in's state once, and ends a session when its token does", () => {
    let now = 0;
    const sessions = new Sessions(() => now);
    const state = sessions.startSignIn();
    expect(sessions.finishSignIn("other")).toBe(false);
    expect(sessions.finishSignIn(state)).toBe(true);
    expect(sessions.finishSignIn(state)).toBe(false);
    const id = sessions.open({ login: "alice", token: "ghu_x" }, 60);
    const forever = sessions.open({ login: "bob", token: "ghu_y" }, null);
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(sessions.get(id)?.login).toBe("alice");
    now = 60_000;
    expect(sessions.get(id)).toBeUndefined();
    expect(sessions.get(forever)?.login).toBe("bob");
    now = SESSION_BOUNDS.ttlMs;
    expect(sessions.get(forever)).toBeUndefined();
  });
});

describe("cookies and settings", () => {
  it("sets an HttpOnly, SameSite=Lax cookie that is Secure only over https", () => {
    expect(cookieHeader("s", "v", { maxAgeS: 5, secure: false })).toBe("s=v; Path=/; Max-Age=5; HttpOnly; SameSite=Lax");
    expect(cookieHeader("s", "v", { maxAgeS: 5, secure: true })).toBe("s=v; Path=/; Max-Age=5; HttpOnly; SameSite=Lax; Secure");
    const req = { headers: { cookie: "a=1; envbranch_session=abc; b=2" } } as Parameters<typeof readCookie>[0];
    expect(readCookie(req, "envbranch_session")).toBe("abc");
    expect(readCookie(req, "missing")).toBeUndefined();
  });

  it("needs both OAuth credentials, and finds GitHub's web root from GITHUB_WEB_URL, GHE_HOST, else github.com", () => {
    expect(readWebSettings({ GITHUB_CLIENT_ID: "Iv1.x" })).toEqual({ oauth: null, webUrl: "https://github.com" });
    expect(readWebSettings({ GITHUB_CLIENT_ID: "Iv1.x", GITHUB_CLIENT_SECRET: "s", GHE_HOST: "ghe.example", GHE_PROTOCOL: "http" })).toEqual({ oauth: { clientId: "Iv1.x", clientSecret: "s" }, webUrl: "http://ghe.example" });
    expect(readWebSettings({ GITHUB_WEB_URL: "http://127.0.0.1:9/", GHE_HOST: "ghe.example" }).webUrl).toBe("http://127.0.0.1:9");
  });
});
