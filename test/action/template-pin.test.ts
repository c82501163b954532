import { readFileSync } from "node:fs";
import { execa } from "execa";
import { describe, expect, it } from "vitest";

const ROOT = new URL("../../", import.meta.url);
const TEMPLATE = new URL("workflows-templates/envbranch.yml", ROOT);

async function atCommit(commit: string, path: string): Promise<Buffer | null> {
  const shown = await execa("git", ["show", `${commit}:${path}`], { cwd: ROOT, encoding: "buffer", stripFinalNewline: false, reject: false });
  return shown.exitCode === 0 ? Buffer.from(shown.stdout) : null;
}

describe("the workflow template's pin of the runner action", () => {
  const pins = [...readFileSync(TEMPLATE, "utf8").matchAll(/uses: envbranch\/envbranch@([0-9a-f]{40})$/gm)].map((m) => m[1]!);

  it("pins one commit everywhere it uses the runner", () => {
    expect(pins.length).toBeGreaterThanOrEqual(2);
    expect(new Set(pins).size).toBe(1);
  });

  // A repository that copies the template runs exactly the action at that commit: it must be the one
  // this checkout's app speaks to. After changing the runner: `npm run build:action`, commit, then
  // `npm run pin-action` and commit again.
  it.each(["action.yml", "action/index.mjs"])("pins a commit whose %s is this checkout's", async (path) => {
    const pinned = await atCommit(pins[0]!, path);
    expect(pinned, `commit ${pins[0]} of this repository has no ${path}: re-pin with npm run pin-action`).not.toBeNull();
    expect(pinned!.equals(readFileSync(new URL(path, ROOT))), `${path} changed since the pinned commit ${pins[0]}: commit it, then npm run pin-action`).toBe(true);
  });
});
