import { describe, expect, it } from "vitest";
import { decideSetupBody, PUSH_COMMITS_LISTED } from "../../../app/decisions/decide-setup-body.js";

const CONFIG = ".github/envbranch.yml";
const commit = (modified: string[]) => ({ added: [], removed: [], modified });

describe("decideSetupBody", () => {
  it("follows a push by a person whose commits change, add or remove the config", () => {
    expect(decideSetupBody({ sender: "alice", commits: [commit(["README.md"]), commit([CONFIG])], configPath: CONFIG }, "envbranch[bot]")).toEqual({ follow: true });
    expect(decideSetupBody({ sender: "alice", commits: [{ added: [], removed: [CONFIG], modified: [] }], configPath: CONFIG }, "envbranch[bot]")).toEqual({ follow: true });
  });

  it("follows a push whose commit list GitHub cut short, or whose commits lack their file lists: it may change the config", () => {
    const many = Array.from({ length: PUSH_COMMITS_LISTED }, () => commit(["src/app.js"]));
    expect(decideSetupBody({ sender: "alice", commits: many, configPath: CONFIG }, "envbranch[bot]")).toEqual({ follow: true });
    expect(decideSetupBody({ sender: "alice", commits: [{ modified: ["src/app.js"] }], configPath: CONFIG }, "envbranch[bot]")).toEqual({ follow: true });
  });

  it("ignores the app's own push and a push that leaves the config alone", () => {
    expect(decideSetupBody({ sender: "EnvBranch[bot]", commits: [commit([CONFIG])], configPath: CONFIG }, "envbranch[bot]")).toEqual({ follow: false, reason: "the app pushed it" });
    expect(decideSetupBody({ sender: "alice", commits: [commit(["src/app.js"])], configPath: CONFIG }, "envbranch[bot]")).toEqual({ follow: false, reason: `the push does not change ${CONFIG}` });
  });
});
