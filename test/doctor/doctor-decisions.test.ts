import { describe, expect, it } from "vitest";
import { stackGrantsRoles } from "../../app/doctor/azure-roles.js";
import { laptopTarget, runTarget } from "../../app/doctor/doctor-target.js";
import { subjectMatches } from "../../app/doctor/github-subjects.js";
import { testSpec } from "../support/terraform-azurite/test-checkout.js";

const NO_GRANTS = { providers: [], declaresRoleAssignments: false };

describe("which subjects doctor checks", () => {
  const apply = testSpec("env-alice", { storageAccount: "sttfstate", container: "tfstate", action: "apply" });
  const plan = testSpec("env-alice", { storageAccount: "sttfstate", container: "tfstate", action: "plan" });

  it("on a laptop: the branch and the default branch for applies, the plan job's environment for plans", () => {
    const target = laptopTarget(apply, plan, "main");
    // The test config has no planClientId: one identity does both, so it must trust all three.
    expect(target.identities).toEqual([
      {
        clientId: apply.terraform.backend.client_id,
        uses: ["apply", "plan"],
        subjects: [
          { subject: "repo:octo-org/demo-app:ref:refs/heads/env-alice", credentialName: "env-alice" },
          { subject: "repo:octo-org/demo-app:ref:refs/heads/main", credentialName: "default-branch" },
          { subject: "repo:octo-org/demo-app:environment:envbranch-plan", credentialName: "envbranch-plan" },
        ],
      },
    ]);
    expect(laptopTarget(apply, plan, null).identities[0]!.subjects).toHaveLength(2);
  });

  it("in a run: only the job's own subject, the ref it was dispatched on (a destroy runs on the default branch)", () => {
    const destroy = testSpec("env-alice", { storageAccount: "sttfstate", container: "tfstate", action: "destroy" });
    expect(runTarget(destroy, "refs/heads/main").identities[0]!.subjects.map((s) => s.subject)).toEqual(["repo:octo-org/demo-app:ref:refs/heads/main"]);
    expect(runTarget(plan, "refs/heads/env-alice")).toMatchObject({ probeLease: false, identities: [{ uses: ["plan"], subjects: [{ subject: "repo:octo-org/demo-app:environment:envbranch-plan" }] }] });
    expect(runTarget(apply, undefined)).toMatchObject({ probeLease: true, stateCaller: { kind: "identity", clientId: apply.terraform.backend.client_id } });
  });

  it("matches GitHub's subject whatever the case of owner and repository, with or without their ids, and nothing else", () => {
    const wanted = "repo:octo/shop:ref:refs/heads/env-alice";
    expect(subjectMatches("repo:Octo/Shop:ref:refs/heads/env-alice", wanted)).toBe(true);
    expect(subjectMatches("repo:octo@12/shop@34:ref:refs/heads/env-alice", wanted)).toBe(true);
    expect(subjectMatches("repo:octo/shop:ref:refs/heads/env-Alice", wanted)).toBe(false);
    expect(subjectMatches("repo:octo/shop:ref:refs/heads/env-alice-2", wanted)).toBe(false);
    expect(subjectMatches("repo:octo/shop-2:ref:refs/heads/env-alice", wanted)).toBe(false);
    expect(subjectMatches("repo:octo/shop:environment:env-alice", wanted)).toBe(false);
  });
});

describe("whether a stack grants roles", () => {
  it.each([
    [{}, false],
    [{ database: "none" }, false],
    [{ database: "postgresql" }, true],
    [{ cache: true }, true],
    [{ key_vault: "true" }, true],
    [{ monitoring: true }, false],
  ])("variables %j: %s", (variables, grants) => {
    expect(stackGrantsRoles(NO_GRANTS, variables)).toBe(grants);
  });

  it("always when the stack itself declares role assignments", () => {
    expect(stackGrantsRoles({ providers: null, declaresRoleAssignments: true }, {})).toBe(true);
  });
});
