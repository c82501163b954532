import { describe, expect, it } from "vitest";
import { missingConfigCheckRun } from "../../../app/templates/config-check-runs.js";

describe("the check run of a push without config", () => {
  it("shows what envbranch init detects in the commit", () => {
    const { summary } = missingConfigCheckRun(".github/envbranch.yml", { lines: ["runtime: node (package.json)", "database: postgresql (package.json depends on pg)"] });
    expect(summary).toContain("database: postgresql (package.json depends on pg)");
    expect(summary).toContain("npx envbranch init");
  });

  it("still answers, saying why, when the commit could not be read for a suggestion", () => {
    const { conclusion, summary } = missingConfigCheckRun(".github/envbranch.yml", { unavailable: "GET /git/trees: 409 Git Repository is empty" });
    expect(conclusion).toBe("neutral");
    expect(summary).toContain("could not look into this commit to suggest a setup (GET /git/trees: 409 Git Repository is empty)");
    expect(summary).toContain("npx envbranch init");
    expect(summary).not.toContain("detects:");
  });
});
