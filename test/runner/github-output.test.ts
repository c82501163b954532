import { describe, expect, it } from "vitest";
import { buildResult } from "../../app/runner/build-result.js";
import { githubOutputLines, RUNNER_OUTPUT_KEYS } from "../../app/runner/github-output.js";
import { emptyFindings } from "../../app/runner/run-context.js";
import { testSpec } from "../support/terraform-azurite/test-checkout.js";
import { readGithubOutput } from "./support/read-github-output.js";

const spec = testSpec("env-alice", { storageAccount: "acct", container: "tfstate" });
const at = new Date("2026-11-22T06:00:00Z");

/** A succeeded apply whose stack gave these outputs (values as the result holds them, already redacted). */
function resultWith(outputs: Record<string, unknown>, sensitiveOutputs: string[] = []) {
  return buildResult({
    action: "apply",
    spec,
    findings: { ...emptyFindings(), outputs, sensitiveOutputs },
    steps: [],
    failure: null,
    startedAt: at,
    finishedAt: at,
    totalMs: 1,
  });
}

/** The step outputs GitHub would see, repeats kept. */
function written(outputs: Record<string, unknown>, sensitiveOutputs: string[] = [], newDelimiter?: () => string) {
  return readGithubOutput(githubOutputLines(resultWith(outputs, sensitiveOutputs), "/out/result.json", newDelimiter));
}

describe("githubOutputLines: the stack's outputs", () => {
  it("passes every non-sensitive string output on under its own name, after the runner's keys", () => {
    const entries = written(
      {
        app_name: "app-demo-alice",
        resource_group: "rg-demo-alice",
        registry_name: "crdemoalice",
        "registry-login-server": "crdemoalice.azurecr.io",
        _private: "",
        url: "https://app-demo-alice.example.test",
        admin_token: "(sensitive)",
        ports: [80, 443],
        replicas: 2,
        settings: { tier: "B1" },
        nothing: null,
      },
      ["admin_token"],
    );
    expect(entries.map(([name]) => name)).toEqual([...RUNNER_OUTPUT_KEYS, "app_name", "resource_group", "registry_name", "registry-login-server", "_private"]);
    expect(Object.fromEntries(entries)).toMatchObject({
      url: "https://app-demo-alice.example.test",
      app_name: "app-demo-alice",
      resource_group: "rg-demo-alice",
      registry_name: "crdemoalice",
      "registry-login-server": "crdemoalice.azurecr.io",
      _private: "",
    });
  });

  it("leaves out outputs GitHub would not accept as names, or that would overwrite the runner's keys", () => {
    const entries = written({ "9lives": "a", "app name": "b", "app.name": "c", "é": "d", status: "succeeded-ish", Status: "e", URL: "f", "EXIT-CODE": "0", app: "x", APP: "y" });
    const names = entries.map(([name]) => name);
    // Of two names spelt alike but for case (GitHub cannot tell them apart) the first one wins.
    expect(names).toEqual([...RUNNER_OUTPUT_KEYS, "app"]);
    expect(Object.fromEntries(entries)).toMatchObject({ status: "succeeded", url: "", "exit-code": "0", app: "x" });
  });

  it("never passes a sensitive output on, whatever its name or value", () => {
    const entries = written({ url: "(sensitive)", token: "(sensitive)", kubeconfig: "(sensitive)" }, ["kubeconfig", "token", "url"]);
    expect(entries.map(([name]) => name)).toEqual([...RUNNER_OUTPUT_KEYS]);
    expect(Object.fromEntries(entries).url).toBe("");
  });
});

describe("githubOutputLines: values that span lines", () => {
  const attack = "line one\nstatus=succeeded\nadmin_token=leaked\nurl<<EOF\nhttps://evil.example\nEOF\nENVBRANCH_EOF_guess";

  it("writes them as heredocs that a newline in the value cannot break out of", () => {
    const text = githubOutputLines(resultWith({ notes: attack, status_page: "ok" }), "/out/result.json");
    expect(text).toMatch(/^notes<<ENVBRANCH_EOF_[0-9a-f-]{36}$/m);
    const entries = readGithubOutput(text);
    expect(entries.map(([name]) => name)).toEqual([...RUNNER_OUTPUT_KEYS, "notes", "status_page"]);
    expect(Object.fromEntries(entries)).toMatchObject({ notes: attack, status: "succeeded", url: "", status_page: "ok" });
  });

  it("draws another delimiter when the value contains the first one drawn", () => {
    const drawn = ["EOF", "EOF", "ENVBRANCH_EOF_2"];
    const entries = written({ notes: attack }, [], () => drawn.shift()!);
    expect(drawn).toEqual([]);
    expect(Object.fromEntries(entries)).toMatchObject({ notes: attack, status: "succeeded", url: "" });
    expect(entries.filter(([name]) => name === "url")).toHaveLength(1);
  });

  it("would be injected through with a fixed delimiter: the reader sees that, so the tests above can fail", () => {
    const naive = `notes<<EOF\nline one\nEOF\nurl=https://evil.example\nEOF\n`;
    expect(() => readGithubOutput(naive)).toThrow("invalid line: EOF");
    expect(readGithubOutput(naive.replace(/EOF\n$/, ""))).toEqual([
      ["notes", "line one"],
      ["url", "https://evil.example"],
    ]);
  });

  it("keeps carriage returns, trailing newlines and blank lines exactly", () => {
    const values = { crlf: "a\r\nb", cr: "a\rb", trailing: "a\n", blank: "\n\n", leading: "\nx" };
    const entries = Object.fromEntries(written(values));
    expect(entries).toMatchObject(values);
  });

  it("writes a one-line value as name=value, however it looks", () => {
    const text = githubOutputLines(resultWith({ odd: "a=b<<EOF" }), "/out/result.json");
    expect(text).toContain("\nodd=a=b<<EOF\n");
    expect(Object.fromEntries(readGithubOutput(text)).odd).toBe("a=b<<EOF");
  });
});
