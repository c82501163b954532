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

  it("refuses nothing outside GitHub Actions", () => {
    expect(refusalReason("destroy", { GITHUB_ACTOR: "mallory" })).toBeNull();
    expect(refusalReason("destroy", { GITHUB_ACTIONS: "false", GITHUB_ACTOR: "mallory" })).toBeNull();
  });
});
