import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

// No Docker engine runs here, so the image's contract is checked on the Dockerfile itself.
const dockerfile = readFileSync(new URL("../../Dockerfile", import.meta.url), "utf8");
const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { engines: { node: string }; scripts: Record<string, string> };
const froms = [...dockerfile.matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1] ?? "");

describe("the Dockerfile", () => {
  it("is multi-stage, and its runtime stage installs production dependencies only", () => {
    expect(froms.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/npm install --omit=dev/);
    expect(dockerfile).toMatch(/COPY --from=/);
  });

  it("runs on a Node major the test suite runs on", () => {
    const majors = new Set(froms.map((f) => /^node:(\d+)/.exec(f)?.[1]));
    expect(majors.size).toBe(1);
    const [major] = [...majors];
    expect(pkg.engines.node).toMatch(new RegExp(`\\^${major}\\.`));
    expect(process.versions.node.split(".")[0]).toBe(major);
  });

  it("runs as a non-root user, checks /healthz, and starts what npm start starts", () => {
    const user = [...dockerfile.matchAll(/^USER\s+(\S+)/gm)].at(-1)?.[1];
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^(root|0)$/);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n?.*\/healthz/m);
    expect(pkg.scripts.start).toBe("node dist/app/main.js");
    expect(dockerfile).toContain('CMD ["node", "dist/app/main.js"]');
  });
});
