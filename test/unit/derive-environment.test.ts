import { describe, expect, it } from "vitest";
import { deriveEnvironment, isEnvironmentBranch, matchPolicy } from "../../app/environment/derive-environment.js";
import { BRANCH_CASES } from "../fixtures/branch-names.js";
import { testConfig } from "../support/test-config.js";

const repository = { owner: "Codertocat", name: "Hello-World" };

describe("branch name → environment", () => {
  it("covers at least 40 branch names", () => {
    expect(BRANCH_CASES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(BRANCH_CASES.map((c) => [JSON.stringify(c.branch).slice(0, 50), c] as const))("%s", (_, c) => {
    const result = deriveEnvironment(c.branch, testConfig(), repository);
    if (c.slug !== undefined) {
      expect(result).toMatchObject({ ok: true, environment: { slug: c.slug } });
      return;
    }
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toContain(c.refuse);
    if (c.suggestion) expect(result.suggestion).toBe(c.suggestion);
    // A suggestion must itself be accepted, or it would send the user round in circles.
    if (result.suggestion) expect(deriveEnvironment(result.suggestion, testConfig(), repository).ok).toBe(true);
  });

  it("derives every Azure name from the slug and the project", () => {
    const result = deriveEnvironment("env-Alice_2", testConfig(), repository);
    expect(result).toEqual({
      ok: true,
      environment: {
        branch: "env-Alice_2",
        name: "Alice_2",
        slug: "alice-2",
        githubEnvironment: "env-alice-2",
        resourceGroup: "rg-helloworld-alice-2",
        stateKey: "envbranch/codertocat/hello-world/alice-2.tfstate",
        tags: { environment: "alice-2", project: "helloworld", repository: "Codertocat/Hello-World", branch: "env-Alice_2", "managed-by": "envbranch" },
        policy: expect.objectContaining({ approval: "auto" }),
      },
    });
  });

  it("keeps the longest project and slug within the Container App name limit of 32", () => {
    const config = testConfig({ project: "abcdefghijkl" });
    const result = deriveEnvironment("env-abcdefghijklmnop", config, repository);
    if (!result.ok) throw new Error(result.reason);
    expect(`ca-${config.project}-${result.environment.slug}`.length).toBeLessThanOrEqual(32);
  });

  it("honours a custom prefix", () => {
    const config = testConfig({ branchPrefix: "preview-" });
    expect(isEnvironmentBranch("env-alice", config)).toBe(false);
    expect(deriveEnvironment("preview-alice", config, repository)).toMatchObject({ ok: true, environment: { slug: "alice", githubEnvironment: "preview-alice" } });
  });

  it("takes the first matching policy, and auto-applies unmatched branches", () => {
    const config = testConfig({
      environments: [
        { branch: "env-prod*", approval: "required" },
        { branch: "env-*", approval: "auto", selfApproval: true },
      ],
    });
    expect(matchPolicy("env-production", config.environments)).toMatchObject({ approval: "required", selfApproval: false });
    expect(matchPolicy("env-alice", config.environments)).toMatchObject({ approval: "auto", selfApproval: true });
    expect(matchPolicy("preview-x", config.environments)).toMatchObject({ approval: "auto", branch: "*" });
  });
});
