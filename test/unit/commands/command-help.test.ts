import { describe, expect, it } from "vitest";
import { commandHelp, unknownCommandReply } from "../../../app/commands/command-help.js";
import { COMMAND_NAMES, parseCommands } from "../../../app/commands/parse-commands.js";
import { testPolicy as policy } from "./test-policy.js";

/** The table rows of the help, as arrays of cells (splitting on pipes that are not escaped). */
function rows(help: string): string[][] {
  return help
    .split("\n")
    .filter((line) => line.startsWith("| `/envbranch"))
    .map((line) => line.slice(2, -2).split(/(?<!\\)\|/).map((cell) => cell.trim()));
}

describe("commandHelp", () => {
  it("lists every command, with who may use it and what it does", () => {
    const table = rows(commandHelp());
    expect(table.map((r) => r[0])).toEqual(COMMAND_NAMES.map((name) => `\`/envbranch ${name}\``));
    for (const row of table) {
      expect(row).toHaveLength(3);
      expect(row[1]).not.toBe("");
      expect(row[2]).not.toBe("");
    }
  });

  it("describes the defaults without a policy", () => {
    const [plan, apply, unlock, restore, setup, help] = rows(commandHelp());
    expect(plan?.[1]).toContain("Write permission or higher");
    expect(apply?.[1]).toContain("write unless `.github/envbranch.yml` says otherwise");
    expect(apply?.[1]).toContain("only where `selfApproval` is on");
    expect(unlock?.[1]).toBe("Maintain or admin permission");
    expect(restore?.[2]).toContain("`/envbranch restore VERSION` puts back the snapshot VERSION");
    expect(restore?.[1]).toBe("Maintain or admin permission");
    expect(setup?.[1]).toBe("Write permission or higher");
    expect(help?.[1]).toBe("Anyone");
  });

  it("names the environment's own permission, approvers and self-approval rule", () => {
    const [, apply] = rows(commandHelp(policy({ approvers: { permission: "admin", users: ["carol"], teams: ["platform"] } })));
    expect(apply?.[1]).toContain("Admin permission");
    expect(apply?.[1]).toContain("users `carol`");
    expect(apply?.[1]).toContain("teams `platform`");
    expect(apply?.[1]).toContain("not the pull request's author");
    expect(rows(commandHelp(policy({ selfApproval: true })))[1]?.[1]).toContain("the pull request's author too");
  });

  it("says that apply approves and merge applies where the environment applies on merge", () => {
    expect(rows(commandHelp(policy({ applyOn: "merge" })))[1]?.[2]).toContain("merging the pull request then applies it");
    expect(rows(commandHelp(policy()))[1]?.[2]).toContain("Applies the saved plan of the current head");
  });

  it("keeps a configured name with a pipe inside its table cell", () => {
    const table = rows(commandHelp(policy({ approvers: { users: ["a|b"] } })));
    expect(table[1]).toHaveLength(3);
    expect(table[1]?.[1]).toContain("`a\\|b`");
  });

  it("is itself no command: the app's help never triggers the app", () => {
    expect(parseCommands(commandHelp(policy({ approvers: { users: ["carol"] } })))).toEqual([]);
  });
});

describe("unknownCommandReply", () => {
  it("quotes the unknown command, then gives the help", () => {
    const reply = unknownCommandReply("frobnicate");
    expect(reply.startsWith("`/envbranch frobnicate` is not an envbranch command.\n\n")).toBe(true);
    expect(reply).toContain(commandHelp());
  });

  it("keeps backticks from ending the quote early", () => {
    const first = unknownCommandReply("a``b`").split("\n")[0] ?? "";
    // A longer fence, padded because the text ends in a backtick (CommonMark strips one space each side).
    expect(first).toBe("``` /envbranch a``b` ``` is not an envbranch command.");
  });

  it("puts mentions and HTML inside code, where GitHub renders them as text", () => {
    const first = unknownCommandReply("@everyone <img src=x onerror=alert(1)>").split("\n")[0] ?? "";
    expect(first).toBe("`/envbranch @everyone <img src=x onerror=alert(1)>` is not an envbranch command.");
  });

  it("turns control and direction-override characters into spaces", () => {
    const first = unknownCommandReply("ab\u202ecd\u0007ef\u2066g").split("\n")[0] ?? "";
    expect(first).toBe("`/envbranch ab cd ef g` is not an envbranch command.");
  });

  it("cuts a long command at 60 characters, never inside a surrogate pair", () => {
    const first = unknownCommandReply("😀".repeat(100)).split("\n")[0] ?? "";
    expect(first).toBe(`\`/envbranch ${"😀".repeat(60)}…\` is not an envbranch command.`);
    expect(unknownCommandReply("😀".repeat(60)).split("\n")[0]).toBe(`\`/envbranch ${"😀".repeat(60)}\` is not an envbranch command.`);
  });

  it("uses the environment's policy in the help it appends", () => {
    expect(unknownCommandReply("x", policy({ approvers: { users: ["carol"] } }))).toContain("users `carol`");
  });
});
