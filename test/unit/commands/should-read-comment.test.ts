import { describe, expect, it } from "vitest";
import { shouldReadComment, type CommentEvent } from "../../../app/commands/should-read-comment.js";

const APP = "envbranch[bot]";

// [case, event, read?]
const cases: Array<[string, Omit<CommentEvent, "appBotLogin">, boolean]> = [
  ["a person's new comment", { action: "created", authorType: "User", authorLogin: "alice" }, true],
  ["an edited comment", { action: "edited", authorType: "User", authorLogin: "alice" }, false],
  ["a deleted comment", { action: "deleted", authorType: "User", authorLogin: "alice" }, false],
  ["another app's bot", { action: "created", authorType: "Bot", authorLogin: "renovate[bot]" }, false],
  ["the app itself", { action: "created", authorType: "Bot", authorLogin: APP }, false],
  ["the app itself, whatever the case", { action: "created", authorType: "Bot", authorLogin: "EnvBranch[bot]" }, false],
  ["the app's login reported as a user", { action: "created", authorType: "User", authorLogin: APP }, false],
  ["a [bot] login reported as a user", { action: "created", authorType: "User", authorLogin: "ci[bot]" }, false],
  ["an organization", { action: "created", authorType: "Organization", authorLogin: "octo-org" }, false],
  ["a mannequin (an imported, unclaimed account)", { action: "created", authorType: "Mannequin", authorLogin: "ghost-import" }, false],
  ["a person whose login merely contains bot", { action: "created", authorType: "User", authorLogin: "robotics-bob" }, true],
];

describe("shouldReadComment", () => {
  it.each(cases)("%s", (_name, event, read) => {
    expect(shouldReadComment({ ...event, appBotLogin: APP })).toBe(read);
  });
});
