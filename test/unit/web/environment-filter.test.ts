import { describe, expect, it } from "vitest";
import type { EnvironmentRecord } from "../../../app/decisions/environments-model.js";
import { environmentRows, MAX_REPOSITORIES_READ, readFilter, repositoriesToRead } from "../../../app/web/environment-filter.js";
import type { VisibleRepository } from "../../../app/web/user-repositories.js";

const repo = (owner: string, name: string, installationId = 1): VisibleRepository => ({ installationId, owner, name, fullName: `${owner}/${name}`, url: `https://github.com/${owner}/${name}` });
const VISIBLE = [repo("acme", "site", 2), repo("octo-org", "shop")];

function env(branch: string, state: EnvironmentRecord["state"], activityAt: string): EnvironmentRecord {
  return { branch, slug: branch, githubEnvironment: branch, state, head: null, applied: null, pusher: null, url: null, run: null, plan: null, pullRequests: [], activityAt };
}

describe("the access filter", () => {
  it("reads only repositories the user's token listed: naming another one matches nothing", () => {
    expect(repositoriesToRead(VISIBLE, readFilter(new URLSearchParams("repository=octo-org/secret")))).toEqual({ read: [], leftOut: 0 });
    expect(repositoriesToRead([], readFilter(new URLSearchParams()))).toEqual({ read: [], leftOut: 0 });
  });

  it("narrows by repository and owner as GitHub matches names, without regard to case", () => {
    expect(repositoriesToRead(VISIBLE, readFilter(new URLSearchParams("repository=OCTO-ORG/Shop"))).read.map((r) => r.fullName)).toEqual(["octo-org/shop"]);
    expect(repositoriesToRead(VISIBLE, readFilter(new URLSearchParams("owner=Acme"))).read.map((r) => r.fullName)).toEqual(["acme/site"]);
    expect(repositoriesToRead(VISIBLE, readFilter(new URLSearchParams("owner=acme&repository=octo-org/shop"))).read).toEqual([]);
  });

  it("reads at most MAX_REPOSITORIES_READ repositories and counts the rest", () => {
    const many = Array.from({ length: MAX_REPOSITORIES_READ + 7 }, (_, i) => repo("big", `r${i}`));
    const { read, leftOut } = repositoriesToRead(many, readFilter(new URLSearchParams()));
    expect(read).toHaveLength(MAX_REPOSITORIES_READ);
    expect(leftOut).toBe(7);
  });
});

describe("the page's filters", () => {
  it("reads empty and unknown values as any", () => {
    expect(readFilter(new URLSearchParams("repository=&owner=%20&state=bogus"))).toEqual({ repository: null, owner: null, state: null });
    expect(readFilter(new URLSearchParams("state=plan-waiting")).state).toBe("plan-waiting");
  });

  it("keeps rows in the state asked for, newest activity first across repositories", () => {
    const read = [
      { repository: VISIBLE[0]!, environments: [env("env-a", "applied", "2026-11-22T09:00:00Z")], problem: null },
      { repository: VISIBLE[1]!, environments: [env("env-b", "failed", "2026-11-22T11:00:00Z"), env("env-c", "applied", "2026-11-22T10:00:00Z")], problem: null },
    ];
    expect(environmentRows(read, readFilter(new URLSearchParams())).map((r) => [r.repository, r.branch])).toEqual([
      ["octo-org/shop", "env-b"],
      ["octo-org/shop", "env-c"],
      ["acme/site", "env-a"],
    ]);
    expect(environmentRows(read, readFilter(new URLSearchParams("state=applied"))).map((r) => r.branch)).toEqual(["env-c", "env-a"]);
    expect(environmentRows(read, readFilter(new URLSearchParams("state=applied")))[0]).toMatchObject({ repositoryUrl: "https://github.com/octo-org/shop" });
  });
});
