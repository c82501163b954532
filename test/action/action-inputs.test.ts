import { describe, expect, it } from "vitest";
import { actionInput, actionInvocation } from "../../app/runner/action-inputs.js";
import { parseCommandLine } from "../../app/runner/parse-args.js";

// The environment below is what the Actions runner gives a JavaScript action: every input of
// action.yml as INPUT_<NAME>, upper-cased, spaces as underscores and hyphens kept (the names
// actions/toolkit's getInput reads, packages/core/src/core.ts), defaults filled in.
const GITHUB_ENV = {
  PATH: "/usr/bin:/bin",
  GITHUB_ACTIONS: "true",
  GITHUB_WORKSPACE: "/home/runner/work/shop/shop",
  INPUT_SPEC: ' {"version":1} \n',
  "INPUT_GITHUB-TOKEN": "ghs_secret123",
  "INPUT_LOCK-TIMEOUT": "90s",
  "INPUT_OUT-DIR": "out/envbranch",
  "INPUT_WORKING-DIRECTORY": "checkout",
};

describe("the action's inputs", () => {
  it("are read under getInput's names, trimmed", () => {
    expect(actionInput(GITHUB_ENV, "github-token")).toBe("ghs_secret123");
    expect(actionInput(GITHUB_ENV, "spec")).toBe('{"version":1}');
    expect(actionInput({ "INPUT_TWO_WORDS": "x" }, "two words")).toBe("x");
    expect(actionInput({ INPUT_GITHUB_TOKEN: "underscored" }, "github-token")).toBe("");
  });

  it("become the runner's run command, which the runner's own parser accepts", () => {
    const { argv } = actionInvocation(GITHUB_ENV);
    expect(argv).toEqual(["run", "--lock-timeout", "90s", "--out", "out/envbranch", "--workdir", "checkout"]);
    expect(parseCommandLine(argv)).toMatchObject({ ok: true, command: { kind: "run", action: null, specFile: null, lockTimeout: "90s", outDir: "out/envbranch", workdir: "checkout" } });
  });

  it("pass the spec and the token on under the runner's names, and no INPUT_ variable at all", () => {
    const { env } = actionInvocation(GITHUB_ENV);
    expect(env).toEqual({
      PATH: "/usr/bin:/bin",
      GITHUB_ACTIONS: "true",
      GITHUB_WORKSPACE: "/home/runner/work/shop/shop",
      ENVBRANCH_SPEC: '{"version":1}',
      ENVBRANCH_GIT_TOKEN: "ghs_secret123",
    });
  });

  it("fall back to the runner's defaults when empty, and an empty token passes none on", () => {
    const { argv, env } = actionInvocation({ PATH: "/bin", INPUT_SPEC: "{}", "INPUT_GITHUB-TOKEN": "", ENVBRANCH_GIT_TOKEN: "from-the-step-env" });
    expect(argv).toEqual(["run", "--lock-timeout", "2m", "--out", ".envbranch", "--workdir", "."]);
    expect(env).toEqual({ PATH: "/bin", ENVBRANCH_SPEC: "{}" });
  });
});
