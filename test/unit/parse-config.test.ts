import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { configJsonSchema } from "../../app/config/config-json-schema.js";
import { parseConfig, parseConfigText, projectFromRepoName } from "../../app/config/parse-config.js";
import { rawTestConfig } from "../support/test-config.js";

describe("parseConfig", () => {
  it("fills every default", () => {
    const result = parseConfig(rawTestConfig(), "Hello-World");
    expect(result).toEqual({
      ok: true,
      config: expect.objectContaining({
        project: "helloworld",
        branchPrefix: "env-",
        workflow: "envbranch.yml",
        terraform: { directory: "terraform", version: "1.11.4", planRetention: "7d", paths: ["terraform/**", ".github/envbranch.yml"], variables: {} },
        app: { runtime: "node", path: "." },
        environments: [],
      }),
    });
    if (result.ok) expect(result.config.azure).toMatchObject({ location: "westeurope", cloud: "public", state: { container: "tfstate", useAzureAdAuth: true } });
  });

  it("names every problem with its key path and line", () => {
    const text = [
      "project: My-App", // 1
      "colour: blue", // 2
      "azure:", // 3
      "  subscriptionId: not-a-guid", // 4
      "  location: 3", // 5
      "  state:", // 6
      "    storageAccount: Has-Caps", // 7
      "environments:", // 8
      "  - branch: env-prod*", // 9
      "    approval: sometimes", // 10
      "    approvers: { permission: owner }", // 11
    ].join("\n");
    const result = parseConfigText(text, "repo");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const byPath = Object.fromEntries(result.problems.map((p) => [p.path, p]));
    expect(byPath["project"]).toMatchObject({ line: 1 });
    expect(byPath["colour"]).toMatchObject({ line: 2, message: "unknown key" });
    expect(byPath["azure.subscriptionId"]).toMatchObject({ line: 4, message: "must be a GUID" });
    expect(byPath["azure.location"]).toMatchObject({ line: 5 });
    expect(byPath["azure.tenantId"]).toMatchObject({ message: "is required" });
    expect(byPath["azure.state.storageAccount"]).toMatchObject({ line: 7, message: "must be 3-24 lowercase letters and digits" });
    expect(byPath["azure.state.resourceGroup"]).toMatchObject({ message: "is required" });
    expect(byPath["environments[0].approval"]).toMatchObject({ line: 10 });
    expect(byPath["environments[0].approvers.permission"]).toMatchObject({ line: 11 });
    // Sorted by line, so the check run reads top to bottom.
    const lines = result.problems.map((p) => p.line ?? 0);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
  });

  it("reports YAML syntax errors with their line", () => {
    const result = parseConfigText("azure:\n  state: [unclosed\nother: }", "repo");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]).toMatchObject({ path: "", line: expect.any(Number), message: expect.stringContaining("YAML syntax") });
  });

  it("rejects a file that is not a mapping", () => {
    expect(parseConfig(["a"], "repo")).toMatchObject({ ok: false, problems: [{ message: expect.stringContaining("mapping") }] });
  });

  it("accepts Probot's _extends key", () => {
    expect(parseConfig({ ...rawTestConfig(), _extends: "org/.github" }, "repo").ok).toBe(true);
  });

  it("derives the project from the repository name, and refuses one that gives none", () => {
    expect(projectFromRepoName("My_Great-Service.API")).toBe("mygreatservi");
    expect(projectFromRepoName("123abc")).toBe("abc");
    expect(parseConfig(rawTestConfig(), "日本")).toMatchObject({ ok: false, problems: [{ path: "project" }] });
  });
});

describe("the shipped JSON Schema", () => {
  it("is the one generated from the zod schema (run `npm run schema` after changing it)", () => {
    expect(readFileSync(new URL("../../schema/envbranch.schema.json", import.meta.url), "utf8")).toBe(configJsonSchema());
  });

  it("lists the keys editors should complete", () => {
    const schema = JSON.parse(configJsonSchema()) as { properties: Record<string, unknown>; additionalProperties: boolean };
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(["project", "branchPrefix", "workflow", "azure", "terraform", "app", "environments", "_extends"]),
    );
    expect(schema.additionalProperties).toBe(false);
  });
});
