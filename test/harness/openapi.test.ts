import { describe, expect, it } from "vitest";
import {
  defaultSuccess,
  exampleResponse,
  GitHubContractError,
  validateGitHubRequest,
} from "../support/github/openapi.js";
import {
  descriptionLoadMs,
  loadGitHubDescription,
  resolveReference,
  type JsonSchema,
  type OpenApiParameter,
} from "../support/github/openapi-document.js";

function problemsOf(request: Parameters<typeof validateGitHubRequest>[0]): string {
  try {
    validateGitHubRequest(request);
  } catch (error) {
    expect(error).toBeInstanceOf(GitHubContractError);
    return (error as Error).message;
  }
  throw new Error(`expected ${request.method} ${request.path} to be refused`);
}

const checkRun = { name: "envbranch / env-alice", head_sha: "a".repeat(40), status: "in_progress" };

describe("validateGitHubRequest", () => {
  it("accepts a valid request and names its operation (and prints how long the description took)", () => {
    const started = performance.now();
    const match = validateGitHubRequest({ method: "POST", path: "/repos/octo/hello/check-runs", body: checkRun });
    const firstValidationMs = performance.now() - started;
    expect(match).toMatchObject({ operationId: "checks/create", params: { owner: "octo", repo: "hello" } });
    const componentsStarted = performance.now();
    // Its body refers to shared component schemas (deployment branch policy), which load on first need.
    const environment = { wait_timer: 0, deployment_branch_policy: { protected_branches: false, custom_branch_policies: true } };
    expect(validateGitHubRequest({ method: "PUT", path: "/repos/octo/hello/environments/alice", body: environment }).operationId).toBe(
      "repos/create-or-update-environment",
    );
    const componentsMs = performance.now() - componentsStarted;
    console.log(
      `GitHub description: parse ${descriptionLoadMs()?.toFixed(0)} ms; first validation incl. parse and compile ${firstValidationMs.toFixed(0)} ms;` +
        ` first operation needing component schemas ${componentsMs.toFixed(0)} ms`,
    );
  });

  it("refuses a path GitHub does not have", () => {
    expect(problemsOf({ method: "GET", path: "/repos/octo/hello/check-runz" })).toMatch(/GET \/repos\/octo\/hello\/check-runz: no such path/);
  });

  it("refuses a method the path does not have, naming the ones it has", () => {
    expect(problemsOf({ method: "PUT", path: "/repos/octo/hello/check-runs", body: checkRun })).toMatch(
      /method PUT not allowed: \/repos\/\{owner\}\/\{repo\}\/check-runs has POST/,
    );
  });

  it("refuses an unknown query parameter and lists the known ones", () => {
    const message = problemsOf({ method: "GET", path: "/repos/octo/hello/commits/main/check-runs", query: { check_nam: "x" } });
    expect(message).toMatch(/\(checks\/list-for-ref\)/);
    expect(message).toMatch(/unknown query parameter "check_nam" \(known: check_name, status, filter, per_page, page, app_id\)/);
  });

  it("refuses a missing required query parameter and badly typed parameters", () => {
    expect(problemsOf({ method: "GET", path: "/search/code" })).toMatch(/missing required query parameter "q"/);
    expect(problemsOf({ method: "GET", path: "/repos/octo/hello/check-runs/abc" })).toMatch(/path\/check_run_id must be integer/);
    expect(problemsOf({ method: "GET", path: "/repos/octo/hello/commits/main/check-runs", query: { per_page: "many" } })).toMatch(
      /query\/per_page must be integer/,
    );
  });

  it("refuses an invalid body, naming every problem", () => {
    const message = problemsOf({
      method: "POST",
      path: "/repos/octo/hello/check-runs",
      body: { name: 7, head_shaa: "abc", status: "done" },
    });
    expect(message).toMatch(/body must have required property 'head_sha'/);
    expect(message).toMatch(/body has unknown property "head_shaa"/);
    expect(message).toMatch(/body\/name must be string/);
    expect(message).toMatch(/body\/status must be equal to one of the allowed values \(\["queued","in_progress","completed"\]\)/);
  });

  it("refuses a missing required body and a body where the operation takes none", () => {
    expect(problemsOf({ method: "POST", path: "/repos/octo/hello/check-runs" })).toMatch(/missing required request body/);
    expect(problemsOf({ method: "GET", path: "/repos/octo/hello", body: { name: "x" } })).toMatch(/takes no request body/);
  });

  it("prefers a literal segment over a {param} when both templates fit", () => {
    expect(validateGitHubRequest({ method: "GET", path: "/repos/octo/hello/actions/secrets/public-key" }).operationId).toBe(
      "actions/get-repo-public-key",
    );
    expect(validateGitHubRequest({ method: "GET", path: "/repos/octo/hello/actions/secrets/AZURE_KEY" }).operationId).toBe(
      "actions/get-repo-secret",
    );
  });

  it("resolves file paths and refs whether or not their slashes are encoded", () => {
    for (const path of ["/repos/octo/hello/contents/.github%2Fenvbranch.yml", "/repos/octo/hello/contents/.github/envbranch.yml"]) {
      expect(validateGitHubRequest({ method: "GET", path, query: { ref: "main" } })).toMatchObject({
        operationId: "repos/get-content",
        params: { path: ".github/envbranch.yml" },
      });
    }
    // `{base}...{head}` has literal text, so it wins over the bare `{basehead}` template.
    expect(validateGitHubRequest({ method: "GET", path: "/repos/octo/hello/compare/main...env-alice" })).toMatchObject({
      operationId: "repos/compare-commits",
      params: { base: "main", head: "env-alice" },
    });
  });

  it("accepts a workflow dispatch by file name or id, with run details", () => {
    const body = { ref: "env-alice", inputs: { spec: "{}" }, return_run_details: true };
    for (const id of ["envbranch.yml", "161335"]) {
      expect(validateGitHubRequest({ method: "POST", path: `/repos/octo/hello/actions/workflows/${id}/dispatches`, body }).operationId).toBe(
        "actions/create-workflow-dispatch",
      );
    }
  });

  it("accepts GitHub's own request examples (all of the calls envbranch makes, and nearly all others)", () => {
    const document = loadGitHubDescription();
    const used = new Set([
      "checks/create",
      "checks/update",
      "repos/create-deployment",
      "repos/create-deployment-status",
      "actions/create-workflow-dispatch",
      "issues/create-comment",
      "issues/update-comment",
    ]);
    let total = 0;
    const refused: string[] = [];
    const usedSeen = new Set<string>();
    for (const [template, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const examples = operation.requestBody?.content["application/json"]?.examples ?? {};
        const parameters = (operation.parameters ?? []).map((p) => resolveReference<OpenApiParameter>(document, p));
        const path = template.replace(/\{([^}]+)\}/g, (_, name: string) =>
          samplePathValue(resolveReference<JsonSchema>(document, parameters.find((p) => p.name === name)?.schema ?? {})),
        );
        for (const [name, example] of Object.entries(examples)) {
          total++;
          const body = resolveReference<{ value?: unknown }>(document, example).value;
          try {
            validateGitHubRequest({ method, path, body });
            if (used.has(operation.operationId)) usedSeen.add(operation.operationId);
          } catch (error) {
            refused.push(`${operation.operationId} example "${name}": ${(error as Error).message}`);
          }
        }
      }
    }
    console.log(`GitHub's documented request examples: ${total - refused.length} of ${total} validate; refused:\n${refused.join("\n")}`);
    expect(usedSeen).toEqual(used);
    expect(refused.length / total).toBeLessThan(0.05);
  });
});

function samplePathValue(schema: JsonSchema): string {
  if (Array.isArray(schema.enum)) return String(schema.enum[0]);
  return schema.type === "integer" ? "1" : "x";
}

describe("exampleResponse", () => {
  it("returns GitHub's documented body for checks/create, a fresh copy each time", () => {
    const body = exampleResponse("checks/create") as { id: number; head_sha: string; status: string };
    expect(body).toMatchObject({ id: expect.any(Number), head_sha: expect.stringMatching(/^[0-9a-f]{40}$/) });
    body.head_sha = "changed";
    expect((exampleResponse("checks/create", "201") as { head_sha: string }).head_sha).not.toBe("changed");
  });

  it("picks a named example, and says what exists when there is none", () => {
    expect(exampleResponse("checks/create", "201", "example-of-in-progress-conclusion")).toMatchObject({ status: "in_progress" });
    expect(() => exampleResponse("checks/create", "200")).toThrow(/no example for checks\/create status 200 \(statuses: 201\)/);
    expect(() => exampleResponse("checks/nope")).toThrow(/no operation "checks\/nope"/);
  });

  it("gives the documented success of an operation without content as a bodiless status", () => {
    expect(defaultSuccess("actions/create-workflow-dispatch")).toMatchObject({ status: 200, body: { workflow_run_id: expect.any(Number) } });
    expect(defaultSuccess("repos/delete-an-environment")).toEqual({ status: 204, body: undefined });
  });
});
