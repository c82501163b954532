import { describe, expect, it } from "vitest";
import { environmentPrefix, erroredStateKey, isSavedPlanOf, savedPlanKey } from "../../app/spec/saved-plan-keys.js";

// Saved plans and errored states hold secrets in clear: their keys must sit under their own
// environment's prefix, and a key of another environment must never pass for one of this one's.

/** A repository whose name holds ".tfstate": only the key's ending is the state's suffix. */
const STATE = "envbranch/octo-org/my.tfstate-tools/alice.tfstate";

describe("the keys beside a state blob", () => {
  it("put an environment's blobs in a folder named after its state key without the suffix", () => {
    expect(environmentPrefix(STATE)).toBe("envbranch/octo-org/my.tfstate-tools/alice/");
    expect(savedPlanKey(STATE, "alice-plan-1-0123abcd")).toBe("envbranch/octo-org/my.tfstate-tools/alice/plans/alice-plan-1-0123abcd.tfplan");
    expect(erroredStateKey(STATE, "alice-apply-2-4567cdef")).toBe("envbranch/octo-org/my.tfstate-tools/alice/errored/alice-apply-2-4567cdef.tfstate");
  });
});

describe("isSavedPlanOf", () => {
  it("accepts the environment's own saved plans", () => {
    expect(isSavedPlanOf(STATE, savedPlanKey(STATE, "alice-plan-1-0123abcd"))).toBe(true);
  });

  it.each([
    ["another environment's plan", savedPlanKey("envbranch/octo-org/my.tfstate-tools/alicia.tfstate", "alice-plan-1-0123abcd")],
    ["an environment whose name starts like this one's", "envbranch/octo-org/my.tfstate-tools/alice-2/plans/alice-plan-1-0123abcd.tfplan"],
    ["this environment's errored state", erroredStateKey(STATE, "alice-plan-1-0123abcd")],
    ["the state blob itself", STATE],
    ["a plan nested deeper", "envbranch/octo-org/my.tfstate-tools/alice/plans/old/alice-plan-1-0123abcd.tfplan"],
    ["a plan whose name climbs out", "envbranch/octo-org/my.tfstate-tools/alice/plans/../../prod/plans/p.tfplan"],
    ["a name with capitals", "envbranch/octo-org/my.tfstate-tools/alice/plans/Alice-plan.tfplan"],
    ["a name with a dot", "envbranch/octo-org/my.tfstate-tools/alice/plans/alice.plan.tfplan"],
    ["a name with an underscore", "envbranch/octo-org/my.tfstate-tools/alice/plans/alice_plan.tfplan"],
    ["a name with a space", "envbranch/octo-org/my.tfstate-tools/alice/plans/alice plan.tfplan"],
    ["something after the suffix", "envbranch/octo-org/my.tfstate-tools/alice/plans/alice-plan.tfplan.old"],
    ["no name before the suffix", "envbranch/octo-org/my.tfstate-tools/alice/plans/.tfplan"],
    ["another suffix", "envbranch/octo-org/my.tfstate-tools/alice/plans/alice-plan.tfplanx"],
    ["the prefix under another folder", `mirror/${savedPlanKey(STATE, "alice-plan-1-0123abcd")}`],
  ])("refuses %s", (_, key) => {
    expect(isSavedPlanOf(STATE, key)).toBe(false);
  });

  it("accepts every lowercase letter, digit and hyphen in a plan's name", () => {
    expect(isSavedPlanOf(STATE, savedPlanKey(STATE, "abcdefghijklmnopqrstuvwxyz-0123456789"))).toBe(true);
  });
});
