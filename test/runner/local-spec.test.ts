import { describe, expect, it } from "vitest";
import { parseRepository, repositoryFromRemote } from "../../app/runner/local-spec.js";

describe("repositoryFromRemote", () => {
  it.each([
    ["git@github.com:Octo-Org/demo-app.git", "Octo-Org", "demo-app"],
    ["https://github.com/octo/demo.git", "octo", "demo"],
    ["https://github.com/octo/demo", "octo", "demo"],
    ["https://x-access-token@ghe.example.com/octo/demo.js.git", "octo", "demo.js"],
    ["ssh://git@ghe.example.com:2222/octo/demo.git/", "octo", "demo"],
  ])("reads %s", (url, owner, name) => {
    expect(repositoryFromRemote(url)).toEqual({ owner, name });
  });

  it("gives null for a remote without owner and name", () => {
    expect(repositoryFromRemote("/srv/git/demo")).toBeNull();
    expect(repositoryFromRemote("demo")).toBeNull();
  });
});

describe("parseRepository", () => {
  it("accepts owner/name only", () => {
    expect(parseRepository("octo/demo")).toEqual({ owner: "octo", name: "demo" });
    expect(parseRepository("octo/demo/extra")).toBeNull();
    expect(parseRepository("octo demo")).toBeNull();
  });
});
