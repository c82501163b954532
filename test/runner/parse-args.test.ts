import { describe, expect, it } from "vitest";
import { DEFAULT_LOCK_TIMEOUT, DEFAULT_OUT_DIR, parseCommandLine } from "../../app/runner/parse-args.js";

describe("parseCommandLine", () => {
  it("reads a dispatched run: spec file, out directory, defaults for the rest", () => {
    expect(parseCommandLine(["run", "--spec", "spec.json", "--out", "o"])).toEqual({
      ok: true,
      command: {
        kind: "run",
        action: null,
        specFile: "spec.json",
        branch: null,
        repo: null,
        workdir: ".",
        outDir: "o",
        lockTimeout: DEFAULT_LOCK_TIMEOUT,
      },
    });
  });

  it("takes the action as a positional argument and the spec from the environment when no --spec", () => {
    const parsed = parseCommandLine(["run", "apply", "--lock-timeout", "90s"]);
    expect(parsed).toMatchObject({ ok: true, command: { action: "apply", specFile: null, lockTimeout: "90s", outDir: DEFAULT_OUT_DIR } });
  });

  it("reads local mode and render", () => {
    expect(parseCommandLine(["run", "plan", "--branch", "env-alice", "--repo", "octo/demo"])).toMatchObject({
      ok: true,
      command: { kind: "run", action: "plan", branch: "env-alice", repo: "octo/demo" },
    });
    expect(parseCommandLine(["render", "--branch", "env-alice", "--workdir", "/src"])).toEqual({
      ok: true,
      command: { kind: "render", action: "plan", branch: "env-alice", repo: null, workdir: "/src" },
    });
    expect(parseCommandLine(["render", "--branch", "env-alice", "--action", "destroy"])).toMatchObject({ ok: true, command: { action: "destroy" } });
  });

  it("answers --help and --version whatever else is given", () => {
    expect(parseCommandLine(["--help"])).toEqual({ ok: true, command: { kind: "help" } });
    expect(parseCommandLine(["run", "-h"])).toEqual({ ok: true, command: { kind: "help" } });
    expect(parseCommandLine(["--version"])).toEqual({ ok: true, command: { kind: "version" } });
  });

  it("hands summarize its own arguments untouched, options the run command would reject included", () => {
    expect(parseCommandLine(["summarize", "plan.json", "--budget", "5000", "--json"])).toEqual({
      ok: true,
      command: { kind: "summarize", argv: ["plan.json", "--budget", "5000", "--json"] },
    });
    expect(parseCommandLine(["summarize", "--help"])).toEqual({ ok: true, command: { kind: "summarize", argv: ["--help"] } });
  });

  it("reads state recover: the errored state, where the spec comes from, the lock timeout", () => {
    expect(parseCommandLine(["state", "recover", "errored.tfstate", "--branch", "env-alice", "--lock-timeout", "30s"])).toEqual({
      ok: true,
      command: { kind: "recover", erroredState: "errored.tfstate", specFile: null, branch: "env-alice", repo: null, workdir: ".", lockTimeout: "30s" },
    });
  });

  it("reads init: where, which repository, --dry-run and --force", () => {
    expect(parseCommandLine(["init"])).toEqual({ ok: true, command: { kind: "init", repo: null, workdir: ".", dryRun: false, force: false } });
    expect(parseCommandLine(["init", "--dry-run", "--force", "--repo", "octo/shop", "--workdir", "app"])).toEqual({
      ok: true,
      command: { kind: "init", repo: "octo/shop", workdir: "app", dryRun: true, force: true },
    });
  });

  it.each([
    [[], "no command given"],
    [["init", "now"], "unexpected argument: now"],
    [["init", "--repo", "shop"], "--repo must be owner/name"],
    [["launch"], 'unknown command "launch"'],
    [["run", "explode"], 'unknown action "explode"'],
    [["run", "plan", "extra"], "unexpected arguments: extra"],
    [["run", "--spec", "a.json", "--branch", "env-a"], "either --spec or --branch"],
    // Saved plans come from the state account, as the spec names them; never from a file the caller picks.
    [["run", "apply", "--plan-file", "p"], "Unknown option '--plan-file'"],
    [["run", "--lock-timeout", "forever"], "--lock-timeout must be a duration"],
    [["run", "--repo", "not a repo"], "--repo must be owner/name"],
    [["run", "--action", "plan"], "not --action"],
    [["render"], "render needs --branch"],
    [["render", "--branch", "env-a", "--action", "nuke"], 'unknown action "nuke"'],
    [["run", "--bogus"], "Unknown option '--bogus'"],
    [["state"], 'unknown state command ""'],
    [["state", "push", "x.tfstate"], 'unknown state command "push"'],
    [["state", "recover"], "takes one file"],
    [["state", "recover", "a", "b"], "takes one file"],
    [["state", "recover", "a", "--spec", "s.json", "--branch", "env-a"], "either --spec or --branch"],
    [["state", "recover", "a", "--out", "o"], "takes no --out"],
  ])("refuses %j: %s", (argv, message) => {
    const parsed = parseCommandLine(argv);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? "" : parsed.message).toContain(message);
  });
});
