import { readFileSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { RUNNER_OUTPUT_KEYS } from "../../app/runner/github-output.js";
import { ACTION_BUNDLE, buildActionBundle } from "../../scripts/build-action.js";

// The committed bundle is what GitHub runs; it must be what the sources build to today.

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "envbranch-action-build-"));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("the action's bundle", () => {
  it("is byte-identical to a fresh build of the sources", async () => {
    const fresh = join(dir, "index.mjs");
    await buildActionBundle(fresh);
    const [built, committed] = await Promise.all([readFile(fresh), readFile(ACTION_BUNDLE)]);
    const same = built.equals(committed);
    expect(same, `action/index.mjs is not what the sources build to (${committed.length} bytes committed, ${built.length} built): run \`npm run build:action\` and commit action/index.mjs`).toBe(true);
  });

  it("builds the same bytes twice, wherever it is written", async () => {
    const again = join(dir, "elsewhere", "index.mjs");
    await buildActionBundle(again);
    expect((await readFile(again)).equals(await readFile(join(dir, "index.mjs")))).toBe(true);
  });

  it("carries the package's version and none of the rest of package.json", async () => {
    const pkg = JSON.parse(await readFile(new URL("../../package.json", import.meta.url), "utf8")) as { version: string; description: string };
    const bundle = await readFile(ACTION_BUNDLE, "utf8");
    expect(bundle).toContain(JSON.stringify(pkg.version).slice(1, -1));
    expect(bundle).not.toContain(pkg.description);
    expect(bundle).not.toContain("devDependencies");
  });
});

describe("action.yml", () => {
  const action = parse(readFileSync(new URL("../../action.yml", import.meta.url), "utf8")) as {
    name: string;
    description: string;
    runs: { using: string; main: string };
    inputs: Record<string, { required?: boolean; default?: string }>;
    outputs: Record<string, { description: string }>;
  };

  it("runs the committed bundle on node24", () => {
    expect(action.runs).toEqual({ using: "node24", main: "action/index.mjs" });
    expect(new URL(`../../${action.runs.main}`, import.meta.url).pathname).toBe(ACTION_BUNDLE);
    expect(action.name).toBeTruthy();
    expect(action.description).toBeTruthy();
  });

  it("takes the inputs the workflow passes, with the runner's defaults", () => {
    expect(Object.keys(action.inputs).sort()).toEqual(["github-token", "lock-timeout", "out-dir", "spec", "working-directory"]);
    expect(action.inputs.spec?.required).toBe(true);
    expect(action.inputs["github-token"]?.default).toBe("${{ github.token }}");
    expect(action.inputs["lock-timeout"]?.default).toBe("2m");
    expect(action.inputs["out-dir"]?.default).toBe(".envbranch");
    expect(action.inputs["working-directory"]?.default).toBe(".");
  });

  it("declares every output the runner writes that the workflow reads", () => {
    const declared = Object.keys(action.outputs);
    expect(declared).toEqual(expect.arrayContaining([...RUNNER_OUTPUT_KEYS, "app_name", "url", "resource_group", "registry_name", "registry_login_server"]));
  });
});
