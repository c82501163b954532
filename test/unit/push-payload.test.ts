import { describe, expect, it } from "vitest";
import { readPushPayload } from "../../app/webhooks/push-payload.js";
import { pushPayload } from "../support/app-under-test.js";

const SHA = "6113728f27ae82c7b1a177c8d03f9e96e0adf246";

/** A recorded push to env-alice with one change applied to a copy of it. */
function pushWith(change: (payload: Record<string, any>) => void): unknown {
  const payload = structuredClone(pushPayload("env-alice", SHA)) as Record<string, any>;
  change(payload);
  return payload;
}

describe("readPushPayload", () => {
  it("reads a push GitHub sent, with the fields the push handler uses", () => {
    const read = readPushPayload(pushPayload("env-alice", SHA));
    expect(read).toMatchObject({ ok: true, push: { ref: "refs/heads/env-alice", after: SHA, created: false, deleted: false, commits: [{ modified: ["terraform/main.tf"] }] } });
  });

  it("reads a commit without file lists, as GitHub sends for large pushes", () => {
    expect(readPushPayload(pushWith((p) => void (p.commits = [{ id: SHA }])))).toMatchObject({ ok: true, push: { commits: [{}] } });
  });

  it.each<[string, (payload: Record<string, any>) => void, string]>([
    ["a ref longer than Git allows", (p) => void (p.ref = `refs/heads/${"a".repeat(1014)}`), "ref: Too big: expected string to have <=1024 characters"],
    ["no before", (p) => void delete p.before, "before: Invalid input: expected string, received undefined"],
    ["no after", (p) => void delete p.after, "after: Invalid input: expected string, received undefined"],
    ["created as text", (p) => void (p.created = "true"), "created: Invalid input: expected boolean, received string"],
    ["no deleted", (p) => void delete p.deleted, "deleted: Invalid input: expected boolean, received undefined"],
    ["no forced", (p) => void delete p.forced, "forced: Invalid input: expected boolean, received undefined"],
    ["commits that are not a list", (p) => void (p.commits = {}), "commits: Invalid input: expected array, received object"],
    ["a changed file that is not a path", (p) => void (p.commits[0].added = [7]), "commits.0.added.0: Invalid input: expected string, received number"],
    ["a removed file that is not a path", (p) => void (p.commits[0].removed = [null]), "commits.0.removed.0: Invalid input: expected string, received null"],
    ["a modified list that is not a list", (p) => void (p.commits[0].modified = "main.tf"), "commits.0.modified: Invalid input: expected array, received string"],
    ["a repository name with a slash", (p) => void (p.repository.name = "hello/../world"), "repository.name: Invalid string: must match pattern /^[A-Za-z0-9._-]{1,100}$/"],
    ["an empty repository name", (p) => void (p.repository.name = ""), "repository.name: Invalid string: must match pattern /^[A-Za-z0-9._-]{1,100}$/"],
    ["a repository name of 101 characters", (p) => void (p.repository.name = "a".repeat(101)), "repository.name: Invalid string: must match pattern /^[A-Za-z0-9._-]{1,100}$/"],
    ["no full name", (p) => void delete p.repository.full_name, "repository.full_name: Invalid input: expected string, received undefined"],
    ["an owner login with a space", (p) => void (p.repository.owner.login = "octo org"), "repository.owner.login: Invalid string: must match pattern /^[A-Za-z0-9._-]{1,100}$/"],
    ["no sender login", (p) => void delete p.sender.login, "sender.login: Invalid input: expected string, received undefined"],
    ["no pusher name", (p) => void delete p.pusher.name, "pusher.name: Invalid input: expected string, received undefined"],
  ])("drops a push with %s, saying which field", (_case, change, reason) => {
    expect(readPushPayload(pushWith(change))).toEqual({ ok: false, reason });
  });

  it("names the payload itself when it is not an object", () => {
    expect(readPushPayload(null)).toEqual({ ok: false, reason: "payload: Invalid input: expected object, received null" });
  });
});
