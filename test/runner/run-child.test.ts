import { describe, expect, it } from "vitest";
import { runChild } from "../../app/runner/run-child.js";

// Real child processes (node itself as the child), as the runner starts terraform and git.

const env = { PATH: process.env.PATH ?? "" };
const node = (script: string, options: Parameters<typeof runChild>[2] = { cwd: process.cwd(), env }) => runChild(process.execPath, ["-e", script], options);

describe("runChild", () => {
  it("captures both streams and hands on whole lines as they come, a multi-byte character split across writes included", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const script = [
      'const euro = Buffer.from("€ sign\\n");',
      "process.stdout.write(euro.subarray(0, 1));",
      "setTimeout(() => { process.stdout.write(euro.subarray(1)); process.stdout.write('two\\r\\nlast'); process.stderr.write('oops\\n'); process.exitCode = 3; }, 50);",
    ].join("\n");
    const { outcome } = node(script, { cwd: process.cwd(), env, onStdoutLine: (l) => out.push(l), onStderrLine: (l) => err.push(l) });
    const result = await outcome;
    expect(result).toEqual({ exitCode: 3, signal: null, error: null, stdout: "€ sign\ntwo\r\nlast", stderr: "oops" });
    expect(out).toEqual(["€ sign", "two", "last"]);
    expect(err).toEqual(["oops"]);
  });

  it("gives the child exactly the environment it is given, and no shell", async () => {
    const result = await node("console.log(JSON.stringify(process.env))", { cwd: process.cwd(), env: { PATH: env.PATH, ONLY: "this; echo not-a-shell" } }).outcome;
    expect(JSON.parse(result.stdout)).toEqual({ PATH: env.PATH, ONLY: "this; echo not-a-shell" });
  });

  it("says when the executable does not exist: no exit code, ENOENT, no pid", async () => {
    const child = runChild("envbranch-no-such-executable", [], { cwd: process.cwd(), env });
    expect(child.pid).toBeUndefined();
    const result = await child.outcome;
    expect(result).toMatchObject({ exitCode: null, signal: null, error: { code: "ENOENT" } });
  });

  it("reports a child ended by a signal", async () => {
    expect(await node("process.kill(process.pid, 'SIGKILL')").outcome).toMatchObject({ exitCode: null, signal: "SIGKILL", error: null });
  });

  it("kills a child whose output passes the limit, and says so", async () => {
    const result = await node("process.stdout.write('x'.repeat(100000)); setInterval(() => {}, 1000)", { cwd: process.cwd(), env, maxBuffer: 1000 }).outcome;
    expect(result).toMatchObject({ exitCode: null, signal: "SIGKILL", stdout: "" });
    expect(result.error?.message).toContain("stdout exceeded 1000 characters");
  });
});
