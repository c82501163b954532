import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { cleanupGitHubMocks, mockGitHub } from "../support/github/mock-github.js";

afterEach(cleanupGitHubMocks);

const API = "https://api.github.com";
const checkRun = { name: "envbranch / env-alice", head_sha: "a".repeat(40), status: "queued" };

function send(method: string, path: string, body?: unknown, base = API): Promise<Response> {
  return fetch(`${base}${path}`, {
    method,
    headers: { "content-type": "application/json", authorization: "token ghs_test" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

describe("mockGitHub", () => {
  it("answers a declared call and records it with its operation, body and query", async () => {
    const gh = mockGitHub();
    const created = gh.on("POST /repos/{owner}/{repo}/check-runs", (call) => ({ status: 201, body: { id: 7, name: (call.body as { name: string }).name } }));
    gh.on("GET /repos/octo/hello/commits/{ref}/check-runs", { status: 200, body: { total_count: 0, check_runs: [] } });

    const response = await send("POST", "/repos/octo/hello/check-runs", checkRun);
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ id: 7, name: checkRun.name });
    expect((await send("GET", "/repos/octo/hello/commits/abc/check-runs?check_name=envbranch")).status).toBe(200);

    gh.assertDone();
    expect(created.calls).toHaveLength(1);
    expect(gh.requests).toEqual([
      expect.objectContaining({ method: "POST", path: "/repos/octo/hello/check-runs", body: checkRun, operationId: "checks/create", query: {} }),
      expect.objectContaining({ method: "GET", operationId: "checks/list-for-ref", query: { check_name: "envbranch" }, params: expect.objectContaining({ ref: "abc" }) }),
    ]);
    expect(gh.count("checks/create")).toBe(1);
    expect(gh.count()).toBe(2);
  });

  it("answers with GitHub's documented status and example when the test does not say", async () => {
    const gh = mockGitHub();
    gh.on("checks/create");
    gh.on("checks/create", { body: { id: 9 } });
    const documented = await send("POST", "/repos/octo/hello/check-runs", checkRun);
    expect(documented.status).toBe(201);
    expect(await documented.json()).toMatchObject({ id: expect.any(Number), head_sha: expect.any(String) });
    const statusOnly = await send("POST", "/repos/octo/hello/check-runs", checkRun);
    expect(statusOnly.status).toBe(201);
    expect(await statusOnly.json()).toEqual({ id: 9 });
    gh.assertDone();
  });

  it("fails a request whose body breaks the contract, and assertDone lists why", async () => {
    const gh = mockGitHub();
    gh.on("POST /repos/{owner}/{repo}/check-runs", { status: 201, body: {} });
    const response = await send("POST", "/repos/octo/hello/check-runs", { name: "x", head_sha: "abc", conclusion: "great" });
    expect(response.status).toBe(501);
    expect(((await response.json()) as { message: string }).message).toMatch(/body\/conclusion must be equal to one of the allowed values/);
    expect(() => gh.assertDone()).toThrow(/checks\/create.*body\/conclusion must be equal to one of the allowed values[\s\S]*expected POST \/repos\/\{owner\}\/\{repo\}\/check-runs 1 time\(s\), got 0/);
  });

  it("fails a request no expectation matches, including one for another repository", async () => {
    const gh = mockGitHub();
    gh.on("POST /repos/octo/hello/check-runs", { status: 201, body: {} });
    expect((await send("POST", "/repos/octo/other/check-runs", checkRun)).status).toBe(501);
    expect((await send("POST", "/repos/octo/hello/check-runs", checkRun)).status).toBe(201);
    expect((await send("POST", "/repos/octo/hello/check-runs", checkRun)).status).toBe(501);
    expect(() => gh.assertDone()).toThrow(/unexpected request POST \/repos\/octo\/other\/check-runs \(checks\/create\)[\s\S]*unexpected request POST \/repos\/octo\/hello\/check-runs/);
    expect(gh.requests).toHaveLength(3);
  });

  it("fails a request to a path GitHub does not have", async () => {
    const gh = mockGitHub();
    expect((await send("GET", "/repos/octo/hello/environmentz")).status).toBe(501);
    expect(() => gh.assertDone()).toThrow(/GET \/repos\/octo\/hello\/environmentz: no such path/);
  });

  it("makes assertDone throw for an expectation never used", () => {
    const gh = mockGitHub();
    gh.on("POST /repos/{owner}/{repo}/deployments", { status: 201, body: {} });
    gh.on("checks/update", undefined, { persist: true });
    expect(() => gh.assertDone()).toThrow(
      /expected POST \/repos\/\{owner\}\/\{repo\}\/deployments 1 time\(s\), got 0[\s\S]*expected checks\/update at least once, got 0/,
    );
  });

  it("refuses to declare a route GitHub does not have", () => {
    const gh = mockGitHub();
    expect(() => gh.on("POST /repos/{owner}/{repo}/check-run", { status: 201 })).toThrow(/no such path/);
    expect(() => gh.on("checks/created")).toThrow(/no operation "checks\/created"/);
    gh.assertDone();
  });

  it("records a reply status GitHub does not document, and a responder that throws", async () => {
    const gh = mockGitHub();
    gh.on("POST /repos/{owner}/{repo}/check-runs", { status: 200, body: {} });
    gh.on("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", () => {
      throw new Error("body lacked a summary");
    });
    expect((await send("POST", "/repos/octo/hello/check-runs", checkRun)).status).toBe(200);
    expect((await send("PATCH", "/repos/octo/hello/check-runs/4", { status: "completed", conclusion: "success" })).status).toBe(501);
    expect(() => gh.assertDone()).toThrow(/answers 200, which GitHub does not document for checks\/create \(documented: 201\)[\s\S]*threw: body lacked a summary/);
  });

  it("serves a GitHub Enterprise Server base URL", async () => {
    const base = "https://ghe.example.com/api/v3";
    const gh = mockGitHub({ baseUrl: base });
    gh.on("GET /repos/{owner}/{repo}", { status: 200, body: { id: 1 } });
    expect((await send("GET", "/repos/octo/hello", undefined, base)).status).toBe(200);
    gh.assertDone();
    expect(gh.requests[0]).toMatchObject({ path: "/repos/octo/hello", operationId: "repos/get" });
  });

  it("blocks other hosts but lets loopback through", async () => {
    const gh = mockGitHub();
    await expect(fetch("https://example.com/")).rejects.toThrow(/Nock: Disallowed net connect for "example.com:443/);
    const server = createServer((_, response) => response.end("local"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe("local");
    } finally {
      server.close();
    }
    gh.assertDone();
  });

  it("checks the app JWT of the installation token exchange", async () => {
    const gh = mockGitHub();
    gh.installationToken({ installationId: 5 });
    const response = await fetch(`${API}/app/installations/5/access_tokens`, { method: "POST", headers: { authorization: "bearer not.a.jwt" } });
    expect(response.status).toBe(501);
    expect(() => gh.assertDone()).toThrow(/threw: .*signature does not verify/);
  });
});

describe("cleanupGitHubMocks", () => {
  it("throws for a fake whose assertDone was never called", async () => {
    const gh = mockGitHub();
    gh.on("GET /repos/{owner}/{repo}", { status: 200, body: {} });
    expect(() => cleanupGitHubMocks()).toThrow(/assertDone was not called[\s\S]*expected GET \/repos\/\{owner\}\/\{repo\} 1 time\(s\), got 0/);
    expect(gh.requests).toEqual([]);
  });

  it("stays quiet about a test that failed already, and leaves nock ready for the next fake", async () => {
    mockGitHub().on("GET /repos/{owner}/{repo}", { status: 200, body: {} });
    expect(() => cleanupGitHubMocks({ task: { result: { state: "fail" } } })).not.toThrow();
    const gh = mockGitHub();
    gh.on("GET /repos/{owner}/{repo}", { status: 200, body: { id: 2 } });
    expect(await (await send("GET", "/repos/octo/hello")).json()).toEqual({ id: 2 });
    gh.assertDone();
  });
});
