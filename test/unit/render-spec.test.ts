import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { deriveEnvironment } from "../../app/environment/derive-environment.js";
import { renderFiles } from "../../app/spec/render-files.js";
import { parseCorrelationId, renderSpec, serializeSpec } from "../../app/spec/render-spec.js";
import { parseSpec } from "../../app/spec/spec-schema.js";
import { rawTestConfig, testConfig } from "../support/test-config.js";

const repository = { owner: "Codertocat", name: "Hello-World" };
const SHA = "6113728f27ae82c7b1a177c8d03f9e96e0adf246";

function render(overrides: Partial<Parameters<typeof renderSpec>[0]> = {}) {
  const config = testConfig({ terraform: { variables: { runtime: "node", sku: "B1" } } });
  const derived = deriveEnvironment("env-Alice", config, repository);
  if (!derived.ok) throw new Error(derived.reason);
  return renderSpec({ action: "apply", sha: SHA, environment: derived.environment, config, repository, nonce: "4242", ...overrides });
}

describe("renderSpec", () => {
  it("renders the spec the runner reads", () => {
    expect(serializeSpec(render())).toMatchSnapshot();
  });

  it("names the app's version, package.json's, so a runner that cannot read the spec can say which app rendered it", () => {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
    expect(render().appVersion).toBe(pkg.version);
  });

  it("renders the backend and variables files", () => {
    expect(renderFiles(render())).toMatchSnapshot();
  });

  it("carries the snapshot retention, and for a restore the snapshot, which must be a snapshot id", () => {
    expect(render().terraform.snapshotRetention).toBe(20);
    expect(render({ config: testConfig({ terraform: { snapshotRetention: 3 } }) }).terraform.snapshotRetention).toBe(3);
    const restore = render({ action: "restore", restoreVersion: "2026-12-02T04:43:02.1234567Z" });
    expect(parseSpec(serializeSpec(restore)).restoreVersion).toBe("2026-12-02T04:43:02.1234567Z");
    expect(parseCorrelationId(restore.correlationId)).toMatchObject({ action: "restore" });
    expect(() => parseSpec(serializeSpec({ ...restore, restoreVersion: "../../other.tfstate" }))).toThrow(/restoreVersion/);
  });

  it("is deterministic: the same input gives byte-identical output", () => {
    expect(serializeSpec(render())).toBe(serializeSpec(render()));
    expect(renderFiles(render())).toStrictEqual(renderFiles(render()));
  });

  it("gives each dispatch its own correlation id", () => {
    const ids = new Set([render().correlationId, render({ nonce: "4243" }).correlationId, render({ action: "plan" }).correlationId, render({ sha: "a".repeat(40) }).correlationId]);
    expect(ids.size).toBe(4);
    expect(render().correlationId).toMatch(/^alice-apply-4242-[0-9a-f]{8}$/);
    expect(parseCorrelationId(render().correlationId)).toEqual({ slug: "alice", action: "apply", checkRunId: 4242 });
    expect(parseCorrelationId("a-plan-1-apply-77-0123abcd")).toEqual({ slug: "a-plan-1", action: "apply", checkRunId: 77 });
    expect(parseCorrelationId("alice-apply-x-0123abcd")).toBeNull();
  });

  it("round-trips through the schema the runner validates with", () => {
    const spec = render({ savedPlan: { key: "envbranch/codertocat/hello-world/alice/plans/alice-plan-7-0123abcd.tfplan", sha256: "a".repeat(64) }, pullRequest: 7 });
    expect(parseSpec(serializeSpec(spec))).toEqual(spec);
  });

  it("logs plans in as the plan identity, when there is one, and everything else as the apply identity", () => {
    const planId = "33333333-3333-3333-3333-333333333333";
    const config = testConfig({ azure: { ...(rawTestConfig().azure as Record<string, unknown>), planClientId: planId } });
    const derived = deriveEnvironment("env-alice", config, repository);
    if (!derived.ok) throw new Error(derived.reason);
    const specFor = (action: "plan" | "apply" | "destroy") => renderSpec({ action, sha: SHA, environment: derived.environment, config, repository, nonce: "1" });
    expect(specFor("plan").terraform.backend.client_id).toBe(planId);
    expect(specFor("apply").terraform.backend.client_id).toBe(config.azure.clientId);
    expect(specFor("destroy").terraform.backend.client_id).toBe(config.azure.clientId);
    expect(render({ action: "plan" }).terraform.backend.client_id).toBe(testConfig().azure.clientId);
  });

  it.each([
    ["a backend key that climbs out", (s: Record<string, any>) => (s.terraform.backend.key = "envbranch/../../other/prod.tfstate")],
    ["a saved plan key with ..", (s: Record<string, any>) => (s.terraform.savedPlan = { key: "envbranch/a/b/alice/plans/../../prod/plans/x.tfplan", sha256: "a".repeat(64) })],
    ["an absolute stack directory", (s: Record<string, any>) => (s.terraform.directory = "/etc")],
    ["a stack directory with ..", (s: Record<string, any>) => (s.terraform.directory = "terraform/../../x")],
    ["an app path with ..", (s: Record<string, any>) => (s.app.path = "..")],
  ])("refuses %s: spec fields used as paths or keys stay inside", (_what, change) => {
    const spec = JSON.parse(serializeSpec(render())) as Record<string, any>;
    change(spec);
    expect(() => parseSpec(JSON.stringify(spec))).toThrow(/relative path without `\.\.`/);
  });

  it("refuses specs that are not valid", () => {
    expect(() => parseSpec("{")).toThrow(/not valid JSON/);
    expect(() => parseSpec(JSON.stringify({ ...render(), sha: "HEAD" }))).toThrow(/sha/);
    expect(() => parseSpec(JSON.stringify({ ...render(), extra: 1 }))).toThrow(/not valid/);
  });
});
