import { describe, expect, it } from "vitest";
import { isConfiguredTeam, resolveApproverTeams } from "../../../app/commands/team-slug.js";

describe("resolveApproverTeams", () => {
  it("puts a bare team in the repository's organization", () => {
    expect(resolveApproverTeams(["platform"], "octo-org")).toEqual({ teams: [{ org: "octo-org", slug: "platform" }], problems: [] });
  });
  it("accepts org/team, a leading @ and any case, and drops duplicates", () => {
    expect(resolveApproverTeams(["Octo-Org/Platform", "@octo-org/platform", "platform", " sre_team "], "Octo-Org")).toEqual({
      teams: [
        { org: "Octo-Org", slug: "platform" },
        { org: "Octo-Org", slug: "sre_team" },
      ],
      problems: [],
    });
  });
  it("refuses teams of another organization, which the installation cannot read", () => {
    const result = resolveApproverTeams(["other-org/platform"], "octo-org");
    expect(result.teams).toEqual([]);
    expect(result.problems).toEqual(["approver team `other-org/platform` is not in the octo-org organization, and envbranch can only check teams of the organization that owns the repository."]);
  });
  it("refuses a team name that is not a slug instead of guessing the slug", () => {
    const result = resolveApproverTeams(["Platform Team", "a/b/c"], "octo-org");
    expect(result.teams).toEqual([]);
    expect(result.problems).toHaveLength(2);
    expect(result.problems[0]).toContain("`Platform Team` is not a team slug");
    expect(result.problems[0]).toContain("github.com/orgs/octo-org/teams/<slug>");
  });
  it("keeps good teams next to bad ones", () => {
    expect(resolveApproverTeams(["platform", "x/y", "sre"], "octo-org").teams.map((t) => t.slug)).toEqual(["platform", "sre"]);
  });
});

describe("isConfiguredTeam", () => {
  it("matches a membership to a bare or qualified configured team", () => {
    expect(isConfiguredTeam(["platform"], "octo-org/platform")).toBe(true);
    expect(isConfiguredTeam(["@Octo-Org/Platform"], "octo-org/platform")).toBe(true);
  });
  it("does not match another team or another organization's team", () => {
    expect(isConfiguredTeam(["platform"], "octo-org/frontend")).toBe(false);
    expect(isConfiguredTeam(["other-org/platform"], "octo-org/platform")).toBe(false);
    expect(isConfiguredTeam([], "octo-org/platform")).toBe(false);
    // Only a leading @ is dropped: a configured `plat@form` is no slug and names no team.
    expect(isConfiguredTeam(["plat@form"], "octo-org/platform")).toBe(false);
  });
});
