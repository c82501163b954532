import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
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
        terraform: { directory: "terraform", version: "1.11.4", planRetention: "7d", snapshotRetention: 20, paths: ["terraform/**", ".github/envbranch.yml"], variables: {} },
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

  it.each([
    [0, "must keep at least one snapshot"],
    [2.5, "must be a whole number of snapshots"],
    [5000, "must be at most 1000"],
  ])("refuses terraform.snapshotRetention %s, naming the key and its line", (value, message) => {
    const result = parseConfigText(`azure: {}\nterraform:\n  snapshotRetention: ${value}\n`, "repo");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.find((p) => p.path === "terraform.snapshotRetention")).toMatchObject({ line: 3, message });
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

describe("versions are strings", () => {
  const VALID = "azure:\n  subscriptionId: 00000000-0000-0000-0000-000000000000\n  tenantId: 00000000-0000-0000-0000-000000000000\n  clientId: 00000000-0000-0000-0000-000000000000\n  state: { resourceGroup: rg, storageAccount: sttf }\n";

  it("refuses a number under a version key, quoting what the file says, with its line", () => {
    const text = `${VALID}terraform:\n  version: 1.11\n  variables:\n    runtime_version: 3.10\n    node_version: 22\n    replicas: 3\n    java_version: "17"\n`;
    expect(parseConfigText(text, "shop")).toEqual({
      ok: false,
      problems: [
        { path: "terraform.version", line: 7, message: 'write "1.11" (quoted): YAML reads 1.11 as a number, and versions are strings' },
        { path: "terraform.variables.runtime_version", line: 9, message: 'write "3.10" (quoted): YAML reads 3.10 as the number 3.1' },
        { path: "terraform.variables.node_version", line: 10, message: 'write "22" (quoted): YAML reads 22 as a number, and versions are strings' },
      ],
    });
  });

  it("keeps a quoted version exactly as written, and other numbers as numbers", () => {
    const result = parseConfigText(`${VALID}terraform:\n  variables:\n    runtime_version: "3.10"\n    replicas: 3\n`, "shop");
    expect(result.ok && result.config.terraform.variables).toEqual({ runtime_version: "3.10", replicas: 3 });
  });

  it("without the source text, says the number may have lost digits", () => {
    const value = { ...rawTestConfig(), terraform: { variables: { runtime_version: 3.1 } } };
    expect(parseConfig(value, "shop")).toEqual({
      ok: false,
      problems: [{ path: "terraform.variables.runtime_version", message: "write the version quoted, as a string: YAML read it as the number 3.1, which may have lost digits (3.10 reads as 3.1)" }],
    });
  });

  it("is in the JSON Schema editors check the file with", () => {
    const validate = new Ajv({ strict: false }).compile(JSON.parse(configJsonSchema()) as object);
    const config = (runtimeVersion: unknown) => ({ ...rawTestConfig(), terraform: { variables: { runtime_version: runtimeVersion, replicas: 3 } } });
    expect(validate(config("3.10"))).toBe(true);
    expect(validate(config(3.1))).toBe(false);
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
