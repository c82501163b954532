import { describe, expect, it } from "vitest";
import { DEFAULT_BOT_LOGIN, refusalReason } from "../../app/runner/refuse-action.js";

const actions = { GITHUB_ACTIONS: "true" };

describe("refusalReason", () => {
  it("lets anyone plan or deploy, inside Actions or not", () => {
    expect(refusalReason("plan", { ...actions, GITHUB_TRIGGERING_ACTOR: "mallory" })).toBeNull();
    expect(refusalReason("deploy", { ...actions, GITHUB_TRIGGERING_ACTOR: "mallory" })).toBeNull();
  });

  it.each(["apply", "destroy", "unlock", "restore"] as const)("refuses %s inside Actions when a person triggered the run", (action) => {
    const reason = refusalReason(action, { ...actions, GITHUB_TRIGGERING_ACTOR: "mallory", GITHUB_ACTOR: DEFAULT_BOT_LOGIN });
    expect(reason).toContain(`Refused to ${action}`);
    expect(reason).toContain("`mallory`");
    expect(reason).toContain(DEFAULT_BOT_LOGIN);
  });

  it("allows the privileged actions when the bot triggered the run, by the configured login", () => {
    expect(refusalReason("apply", { ...actions, GITHUB_TRIGGERING_ACTOR: "envbranch[bot]" })).toBeNull();
    expect(refusalReason("destroy", { ...actions, GITHUB_TRIGGERING_ACTOR: "Acme-Envbranch[bot]", ENVBRANCH_BOT_LOGIN: "acme-envbranch[bot]" })).toBeNull();
    expect(refusalReason("destroy", { ...actions, GITHUB_TRIGGERING_ACTOR: "envbranch[bot]", ENVBRANCH_BOT_LOGIN: "acme-envbranch[bot]" })).not.toBeNull();
  });

  it("falls back to GITHUB_ACTOR, and refuses when no actor is known", () => {
    expect(refusalReason("apply", { ...actions, GITHUB_ACTOR: "envbranch[bot]" })).toBeNull();
    expect(refusalReason("apply", { ...actions, GITHUB_ACTOR: "alice" })).toContain("`alice`");
    expect(refusalReason("unlock", actions)).toContain("an unknown actor");
  });

  it("compares logins case-insensitively on both sides, and reads empty variables as unset", () => {
    expect(refusalReason("apply", { ...actions, GITHUB_TRIGGERING_ACTOR: "acme-envbranch[bot]", ENVBRANCH_BOT_LOGIN: "Acme-Envbranch[bot]" })).toBeNull();
    expect(refusalReason("apply", { ...actions, GITHUB_TRIGGERING_ACTOR: "", GITHUB_ACTOR: "envbranch[bot]", ENVBRANCH_BOT_LOGIN: "" })).toBeNull();
    expect(refusalReason("apply", { ...actions, GITHUB_TRIGGERING_ACTOR: "", GITHUB_ACTOR: "" })).toContain("an unknown actor");
  });

  it("tells the person who was refused what happened and how to ask envbranch instead", () => {
    expect(refusalReason("restore", { ...actions, GITHUB_TRIGGERING_ACTOR: "mallory", ENVBRANCH_BOT_LOGIN: "acme[bot]" })).toBe(
      "Refused to restore: inside GitHub Actions only runs started by the envbranch app (acme[bot]) may apply, destroy, unlock or restore an environment, " +
        "and this run was started by `mallory`. Nothing was changed. " +
        "Ask envbranch instead: push to the environment branch, comment `/envbranch apply` on the pull request, " +
        "delete the branch to destroy, or comment `/envbranch unlock` or `/envbranch restore <version>`.",
    );
  });

  it("refuses nothing outside GitHub Actions", () => {
    expect(refusalReason("destroy", { GITHUB_ACTOR: "mallory" })).toBeNull();
    expect(refusalReason("destroy", { GITHUB_ACTIONS: "false", GITHUB_ACTOR: "mallory" })).toBeNull();
  });
});
