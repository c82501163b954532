import { execFileSync } from "node:child_process";
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { pinAction, pinActionLines } from "../../scripts/pin-action.js";

// Re-pinning the action in the workflow templates, on copies: the real template is never touched.

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const OLD = "1111111111111111111111111111111111111111";
const NEW = "2222222222222222222222222222222222222222";
/** The first commit with action.yml, as `git log` finds it; the base the action was added on has none. */
const withAction = execFileSync("git", ["log", "--diff-filter=A", "--format=%H", "--", "action.yml"], { cwd: ROOT, encoding: "utf8" }).trim().split("\n").at(-1)!;
const withoutAction = execFileSync("git", ["rev-parse", `${withAction}^`], { cwd: ROOT, encoding: "utf8" }).trim();

const WORKFLOW = `jobs:
  infrastructure:
    steps:
      - uses: actions/checkout@v6
      - name: Run envbranch
        id: runner
        uses: envbranch/envbranch@${OLD} # the runner
        with:
          spec: \${{ inputs.spec }}
      - uses: 'yourorg/envbranch@v1'
      - uses: someone/envbranch-extras@${OLD}
      - run: npx --yes envbranch@0 run
`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "envbranch-pin-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("pinActionLines", () => {
  it("pins every envbranch `uses:` line to the repository and SHA, and nothing else", () => {
    const { text, pinned } = pinActionLines(WORKFLOW, "envbranch/envbranch", NEW);
    expect(pinned).toBe(2);
    expect(text).toBe(
      WORKFLOW.replace(`uses: envbranch/envbranch@${OLD} # the runner`, `uses: envbranch/envbranch@${NEW} # the runner`).replace(
        "uses: 'yourorg/envbranch@v1'",
        `uses: 'envbranch/envbranch@${NEW}'`,
      ),
    );
  });

  it("re-pins a fork's own name, which need not be envbranch", () => {
    const once = pinActionLines(WORKFLOW, "yourorg/infra-envbranch-fork", NEW);
    expect(once.text).toContain(`        uses: yourorg/infra-envbranch-fork@${NEW} # the runner`);
    const again = pinActionLines(once.text, "yourorg/infra-envbranch-fork", OLD);
    expect(again.pinned).toBe(2);
    expect(again.text).toContain(`uses: yourorg/infra-envbranch-fork@${OLD} # the runner`);
  });
});

describe("pinAction", () => {
  async function copyOfWorkflow(): Promise<string> {
    const file = join(dir, "envbranch.yml");
    await writeFile(file, WORKFLOW);
    return file;
  }

  it("rewrites the templates in a folder to a commit that has action.yml", async () => {
    const file = await copyOfWorkflow();
    await writeFile(join(dir, "notes.txt"), `uses: envbranch/envbranch@${OLD}\n`);
    expect(await pinAction({ repo: "envbranch/envbranch", ref: withAction, dir, gitDir: ROOT })).toEqual([{ file, pinned: 2 }]);
    expect(await readFile(file, "utf8")).toContain(`uses: envbranch/envbranch@${withAction} # the runner`);
    expect(await readFile(join(dir, "notes.txt"), "utf8")).toContain(OLD);
  });

  it.each([
    ["a tag", "v1", /full-length commit SHA/],
    ["a short SHA", withAction.slice(0, 12), /full-length commit SHA/],
    ["an upper-case SHA", withAction.toUpperCase(), /full-length commit SHA/],
    ["a commit without action.yml", withoutAction, /has no action\.yml/],
    ["a commit not in the clone", "3".repeat(40), /has no action\.yml/],
  ])("refuses %s, changing nothing", async (_what, ref, message) => {
    const file = await copyOfWorkflow();
    await expect(pinAction({ repo: "envbranch/envbranch", ref, dir, gitDir: ROOT })).rejects.toThrow(message);
    expect(await readFile(file, "utf8")).toBe(WORKFLOW);
  });

  it("refuses a repository that is not owner/name, and a folder where no line names the action", async () => {
    await copyOfWorkflow();
    await expect(pinAction({ repo: "envbranch", ref: withAction, dir, gitDir: ROOT })).rejects.toThrow(/owner\/name/);
    await writeFile(join(dir, "envbranch.yml"), "jobs: {}\n");
    await expect(pinAction({ repo: "envbranch/envbranch", ref: withAction, dir, gitDir: ROOT })).rejects.toThrow(/no `uses: <owner>\/envbranch@<ref>` line/);
  });
});

describe("npm run pin-action", () => {
  it("pins a copy of the real template to HEAD by default, and exits 1 with the reason on a bad ref", async () => {
    const copy = join(dir, "envbranch.yml");
    await copyFile(join(ROOT, "workflows-templates/envbranch.yml"), copy);
    // One more step of the last job, pinned to an old commit, whatever the template itself already pins.
    await writeFile(copy, `${(await readFile(copy, "utf8")).trimEnd()}\n\n      - uses: envbranch/envbranch@${OLD}\n`);
    const run = (...args: string[]) => execa(process.execPath, [join(ROOT, "node_modules/tsx/dist/cli.mjs"), join(ROOT, "scripts/pin-action.ts"), ...args], { cwd: ROOT, reject: false });
    const bad = await run("--dir", dir, "--ref", "main");
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain("pin-action: --ref must be a full-length commit SHA");
    const head = execFileSync("git", ["rev-parse", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
    const good = await run("--dir", dir);
    expect(good.exitCode, good.stderr).toBe(0);
    expect(good.stdout).toMatch(new RegExp(`envbranch\\.yml: \\d+ lines? pinned to envbranch/envbranch@${head}`));
    const pinned = await readFile(copy, "utf8");
    expect(pinned).toContain(`      - uses: envbranch/envbranch@${head}\n`);
    expect(pinned).not.toContain(OLD);
  });
});
