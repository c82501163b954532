import { describe, expect, it } from "vitest";
import { redactOutputs, SENSITIVE } from "../../app/runner/redact-outputs.js";

// The outputs a run's result carries come from `terraform output -json`: a sensitive one must
// leave as `(sensitive)` only, whatever its value's shape, and the rest exactly as Terraform gave them.

describe("redactOutputs", () => {
  it("hides a sensitive output of any shape, names the hidden ones in order, and keeps a missing value as null", () => {
    const { values, sensitive } = redactOutputs({
      zeta: { sensitive: true, value: { password: "s3cret", port: 5432 } },
      alpha: { sensitive: true, value: "" },
      empty: { sensitive: false },
      flag: { value: false },
      middle: { sensitive: true },
    });
    expect(values).toEqual({ alpha: SENSITIVE, empty: null, flag: false, middle: SENSITIVE, zeta: SENSITIVE });
    expect(Object.keys(values)).toEqual(["alpha", "empty", "flag", "middle", "zeta"]);
    expect(sensitive).toEqual(["alpha", "middle", "zeta"]);
    expect(JSON.stringify(values)).not.toContain("s3cret");
    expect(SENSITIVE).toBe("(sensitive)");
  });

  it("reads no outputs as none", () => {
    expect(redactOutputs({})).toEqual({ values: {}, sensitive: [] });
  });
});
