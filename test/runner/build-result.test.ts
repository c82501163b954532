import { describe, expect, it } from "vitest";
import { z } from "zod";
import { buildResult, type ResultInput } from "../../app/runner/build-result.js";
import { EXIT_CODES } from "../../app/runner/exit-codes.js";
import { redactOutputs } from "../../app/runner/redact-outputs.js";
import { FAILURE_KINDS, parseResult, resultSchema } from "../../app/runner/result-schema.js";
import { resultSummary } from "../../app/runner/result-summary.js";
import { emptyFindings, type RunFindings } from "../../app/runner/run-context.js";
import { githubOutputLines } from "../../app/runner/github-output.js";
import { testSpec } from "../support/terraform-azurite/test-checkout.js";

const spec = testSpec("env-alice", { storageAccount: "acct", container: "tfstate" });
const at = new Date("2026-11-22T06:00:00Z");

function input(overrides: Partial<ResultInput> = {}): ResultInput {
  return {
    action: "apply",
    spec,
    findings: emptyFindings(),
    steps: [
      { name: "init", kind: "terraform", exitCode: 0, durationMs: 100, attempt: 1 },
      { name: "plan", kind: "terraform", exitCode: 2, durationMs: 200, attempt: 1 },
      { name: "archive", kind: "storage", exitCode: 0, durationMs: 50, attempt: 1 },
    ],
    failure: null,
    startedAt: at,
    finishedAt: new Date(at.getTime() + 500),
    totalMs: 500,
    ...overrides,
  };
}

/** What an apply that created `address` (among `counts`) and has a url and a sensitive output finds. */
function applied(counts: Partial<Record<"create" | "update", number>>, address: string): RunFindings {
  return {
    ...emptyFindings(),
    terraformVersion: "1.11.4",
    changes: {
      hasChanges: true,
      counts: { create: 0, update: 0, replace: 0, delete: 0, read: 0, ...counts },
    },
    savedPlan: { key: `envbranch/octo/shop/alice/plans/${address.replace(/[^a-z0-9-]/g, "-")}.tfplan`, sha256: "e".repeat(64), bytes: 900 },
    outputs: { url: "https://app.example", admin_token: "(sensitive)" },
    sensitiveOutputs: ["admin_token"],
  };
}

describe("redactOutputs", () => {
  it("replaces sensitive values and names them, keeping the rest as Terraform gave them", () => {
    expect(
      redactOutputs({
        url: { sensitive: false, value: "https://x.example" },
        token: { sensitive: true, value: "s3cret" },
        ports: { sensitive: false, value: [80, 443] },
      }),
    ).toEqual({ values: { ports: [80, 443], token: "(sensitive)", url: "https://x.example" }, sensitive: ["token"] });
  });
});

describe("buildResult", () => {
  it("records a success with the spec's identity, the steps, and Terraform's share of the time", () => {
    const result = buildResult(input({ findings: applied({ create: 2, update: 1 }, "terraform_data.a") }));
    expect(result).toMatchObject({
      version: 2,
      action: "apply",
      status: "succeeded",
      exitCode: 0,
      message: "apply of env-alice succeeded (2 to create, 1 to update)",
      correlationId: spec.correlationId,
      environment: "env-alice",
      stateKey: "envbranch/octo-org/demo-app/alice.tfstate",
      terraformVersion: "1.11.4",
      durations: { totalMs: 500, terraformMs: 300 },
      startedAt: "2026-11-22T06:00:00.000Z",
      failure: null,
    });
    expect(parseResult(JSON.stringify(result))).toEqual(result);
  });

  it("gives each failure kind its own exit code, and refusal its own status", () => {
    const codes = new Set(Object.values(EXIT_CODES));
    expect(codes.size).toBe(FAILURE_KINDS.length);
    expect(codes.has(0)).toBe(false);
    const locked = buildResult(input({ failure: { kind: "state-locked", step: "plan", explanation: "Locked by bob.", lock: { id: "1", who: "bob", operation: "OperationTypeApply", created: "now" } } }));
    expect(locked).toMatchObject({ status: "failed", exitCode: EXIT_CODES["state-locked"], message: "apply of env-alice failed: state-locked", lock: { who: "bob" } });
    expect(locked.failure).toEqual({ kind: "state-locked", step: "plan", exitCode: 12, explanation: "Locked by bob." });
    const refused = buildResult(input({ steps: [], failure: { kind: "refused", step: null, explanation: "Refused to apply.", lock: null } }));
    expect(refused).toMatchObject({ status: "refused", exitCode: EXIT_CODES.refused });
  });

  it("records a run whose spec could not be read", () => {
    const result = buildResult(input({ action: null, spec: null, steps: [], failure: { kind: "invalid-spec", step: null, explanation: "The spec is not valid.", lock: null } }));
    expect(result).toMatchObject({ action: null, correlationId: null, environment: null, message: "run failed: invalid-spec", exitCode: 3 });
  });

  it("refuses to write a result the schema would reject", () => {
    expect(() => buildResult(input({ totalMs: -1 }))).toThrow();
  });
});

describe("parseResult", () => {
  it("names what is wrong with a file that is not a result", () => {
    expect(() => parseResult("{")).toThrow("not valid JSON");
    expect(() => parseResult(JSON.stringify({ version: 1 }))).toThrow(/not a version 2 result: version/);
  });

  it("reads a result of a runner older than snapshots, with no snapshot field, as having taken none", () => {
    const { snapshot: _snapshot, ...older } = buildResult(input());
    expect(parseResult(JSON.stringify(older)).snapshot).toBeNull();
  });

  it("is describable as JSON Schema, for readers outside TypeScript", () => {
    const schema = z.toJSONSchema(resultSchema) as { properties: Record<string, unknown>; required: string[] };
    expect(schema.required).toContain("failure");
    expect(Object.keys(schema.properties)).toContain("sensitiveOutputs");
  });
});

describe("resultSummary and githubOutputLines", () => {
  const findings = applied({ create: 1 }, "terraform_data.a|b");

  it("summarises counts, the saved plan, outputs and timing in markdown, escaping table cells", () => {
    const md = resultSummary(buildResult(input({ findings })));
    expect(md).toContain("### envbranch apply of `env-alice`: succeeded");
    expect(md).toContain("| 1 | 0 | 0 | 0 | 0 |");
    expect(md).toContain("Saved plan `envbranch/octo/shop/alice/plans/terraform-data-a-b.tfplan` beside the state, sha256 `eeee");
    expect(md).toContain("| `admin_token` | `(sensitive)` |");
    expect(md).toContain("Terraform 1.11.4, 0.5 s in all, 0.3 s in Terraform. Exit code 0.");
  });

  it("quotes the failure paragraph", () => {
    const md = resultSummary(buildResult(input({ failure: { kind: "plan-failed", step: "plan", explanation: "Plan <failed>.", lock: null } })));
    expect(md).toContain("> Plan &lt;failed&gt;.");
  });

  it("writes one key=value line per output, passing the url on only when it is not sensitive", () => {
    const result = buildResult(input({ findings }));
    expect(githubOutputLines(result, "/out/result.json").split("\n")).toEqual([
      "status=succeeded",
      "action=apply",
      "exit-code=0",
      "has-changes=true",
      "environment=env-alice",
      "failure-kind=",
      "url=https://app.example",
      "result-file=/out/result.json",
      "",
    ]);
    const hidden = buildResult(input({ findings: { ...findings, outputs: { url: "(sensitive)" }, sensitiveOutputs: ["url"] } }));
    expect(githubOutputLines(hidden, "r")).toContain("url=\n");
  });
});
