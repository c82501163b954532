import { once } from "node:events";
import { chmod, cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { checkBranchHead } from "../../app/runner/check-branch-head.js";
import { GIT_TOKEN_VARIABLE, readBranchHead } from "../../app/runner/read-branch-head.js";
import { parseResult, type RunResult } from "../../app/runner/result-schema.js";
import { runCli } from "../../app/runner/run-cli.js";
import type { Action, Spec } from "../../app/spec/spec-schema.js";
import { FIXTURE_STACK, STACK_DIRECTORY, testSpec } from "../support/terraform-azurite/test-checkout.js";

// A run of a push that is no longer its branch's head must not touch the environment. Real git,
// a real bare repository as `origin`; Terraform is a fake that writes down every call, so these
// tests see whether the runner started it at all.

const FAKE_TERRAFORM = `#!/bin/sh
echo "$*" >> "$FAKE_TERRAFORM_LOG"
case "$1" in
  version) echo '{"terraform_version":"1.11.4"}' ;;
  init) echo "fake init" ;;
  output) echo '{}' ;;
  *) echo "the fake terraform does not $1" >&2; exit 1 ;;
esac
`;

/** A git that writes down its calls and answers like a repository without an origin. */
const FAKE_GIT = `#!/bin/sh
echo "$*" >> "$FAKE_GIT_LOG"
echo "fatal: 'origin' does not appear to be a git repository" >&2
exit 128
`;

let root: string;
/** The bare repository every checkout has as `origin`. */
let origin: string;
/** Commits pushed to env-alice, oldest first; the branch is at the last. */
let first: string;
let second: string;
/** The first commit, on a branch `a/refs/heads/env-alice` that ls-remote lists before env-alice itself. */
let decoy: string;

const git = (cwd: string, ...args: string[]) => execa("git", ["-c", "user.name=t", "-c", "user.email=t@example.test", "-c", "init.defaultBranch=main", ...args], { cwd });

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "envbranch-head-"));
  origin = join(root, "origin.git");
  await git(root, "init", "-q", "--bare", origin);
  const pusher = join(root, "pusher");
  await git(root, "init", "-q", pusher);
  await cp(FIXTURE_STACK, join(pusher, STACK_DIRECTORY), { recursive: true });
  await git(pusher, "add", ".");
  await git(pusher, "commit", "-q", "-m", "first");
  first = (await git(pusher, "rev-parse", "HEAD")).stdout.trim();
  await git(pusher, "push", "-q", origin, "HEAD:refs/heads/env-alice");
  await writeFile(join(pusher, STACK_DIRECTORY, "second.txt"), "second\n");
  await git(pusher, "add", ".");
  await git(pusher, "commit", "-q", "-m", "second");
  second = (await git(pusher, "rev-parse", "HEAD")).stdout.trim();
  await git(pusher, "push", "-q", origin, "HEAD:refs/heads/env-alice", `${first}:refs/heads/a/refs/heads/env-alice`);
  decoy = first;
  const bin = join(root, "bin");
  await mkdir(bin);
  await writeFile(join(bin, "terraform"), FAKE_TERRAFORM);
  await chmod(join(bin, "terraform"), 0o755);
  const fakeGitBin = join(root, "fake-git-bin");
  await mkdir(fakeGitBin);
  await writeFile(join(fakeGitBin, "git"), FAKE_GIT);
  await chmod(join(fakeGitBin, "git"), 0o755);
}, 60_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A checkout of `sha` as the workflow makes one: detached, `origin` set (unless told not to). */
async function checkoutOf(sha: string, { withOrigin = true } = {}): Promise<string> {
  const dir = await mkdtemp(join(root, "checkout-"));
  await git(root, "clone", "-q", "--no-checkout", origin, dir);
  await git(dir, "checkout", "-q", "--detach", sha);
  if (!withOrigin) await git(dir, "remote", "remove", "origin");
  return dir;
}

function specOf(sha: string, action: Action, followsBranch: boolean | undefined): Spec {
  const spec = { ...testSpec("env-alice", { storageAccount: "acct", container: "tfstate", action }), sha };
  return followsBranch === undefined ? spec : { ...spec, followsBranch };
}

interface Run {
  code: number;
  stdout: string;
  result: RunResult;
  /** Each terraform call's arguments; empty when terraform never started. */
  terraformCalls: string[];
  gitCalls: string[];
  summary: string;
}

/** `envbranch run` in-process, in `checkout`, with the fake terraform (and, if asked, the fake git) first on PATH. */
async function run(checkout: string, spec: Spec, { fakeGit = false, env = {} as Record<string, string> } = {}): Promise<Run> {
  const out = await mkdtemp(join(root, "out-"));
  const logs = { terraform: join(out, "terraform.log"), git: join(out, "git.log"), summary: join(out, "summary.md") };
  const path = [...(fakeGit ? [join(root, "fake-git-bin")] : []), join(root, "bin"), process.env.PATH ?? ""].join(":");
  let stdout = "";
  const code = await runCli(["run", "--out", out], {
    env: { PATH: path, ENVBRANCH_SPEC: JSON.stringify(spec), FAKE_TERRAFORM_LOG: logs.terraform, FAKE_GIT_LOG: logs.git, GITHUB_STEP_SUMMARY: logs.summary, ...env },
    cwd: checkout,
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stdout += t),
  });
  const lines = async (file: string) => (await readFile(file, "utf8").catch(() => "")).split("\n").filter(Boolean);
  return {
    code,
    stdout,
    result: parseResult(await readFile(join(out, "result.json"), "utf8")),
    terraformCalls: await lines(logs.terraform),
    gitCalls: await lines(logs.git),
    summary: await readFile(logs.summary, "utf8").catch(() => ""),
  };
}

describe("a run of a push (followsBranch) checks its branch's head before Terraform", () => {
  it("goes on when the commit is still the head, ignoring a branch whose name merely ends the same", async () => {
    const checkout = await checkoutOf(second);
    const { code, result, terraformCalls, stdout } = await run(checkout, specOf(second, "deploy", true));
    expect(code, stdout).toBe(0);
    expect(result).toMatchObject({ status: "succeeded", sha: second, failure: null });
    expect(result.message).not.toContain("could not check");
    expect(terraformCalls.map((c) => c.split(" ")[0])).toEqual(["version", "init", "output"]);
    expect(stdout).toContain(`env-alice is still at ${second.slice(0, 7)} on origin`);
    // The decoy is at the first commit and listed first: the pattern matches the tail of a ref.
    expect((await git(checkout, "ls-remote", "origin", "refs/heads/env-alice")).stdout.split("\n")[0]).toBe(`${decoy}\trefs/heads/a/refs/heads/env-alice`);
  });

  it.each(["plan", "apply", "deploy"] as const)("stops %s of a commit the branch has moved on from: superseded, exit 0, no Terraform", async (action) => {
    const checkout = await checkoutOf(first);
    const { code, result, terraformCalls, stdout, summary } = await run(checkout, specOf(first, action, true));
    expect(code, stdout).toBe(0);
    expect(result).toMatchObject({ status: "superseded", exitCode: 0, action, sha: first, failure: null, steps: [], terraformVersion: null, changes: null });
    expect(terraformCalls).toEqual([]);
    expect(result.message).toBe(
      `${action} of env-alice superseded: env-alice moved on from ${first.slice(0, 7)} to ${second.slice(0, 7)} before Terraform started; nothing was changed, and the run of the branch's head takes over`,
    );
    expect(summary).toContain("### envbranch " + action + " of `env-alice`: superseded");
    expect(summary).toContain(result.message);
  });

  it("does not check destroy: it removes the environment whatever the branch holds", async () => {
    const checkout = await checkoutOf(first);
    const { result, terraformCalls } = await run(checkout, specOf(first, "destroy", true));
    expect(result.status).toBe("failed");
    expect(result.failure?.kind).toBe("plan-failed");
    expect(terraformCalls.map((c) => c.split(" ")[0])).toEqual(["version", "init", "plan"]);
  });

  it("goes on with a note when the checkout has no origin", async () => {
    const checkout = await checkoutOf(first, { withOrigin: false });
    const { code, result, terraformCalls, stdout } = await run(checkout, specOf(first, "deploy", true));
    expect(code, stdout).toBe(0);
    expect(result.status).toBe("succeeded");
    expect(terraformCalls.map((c) => c.split(" ")[0])).toEqual(["version", "init", "output"]);
    expect(result.message).toMatch(
      new RegExp(`^deploy of env-alice succeeded; read the outputs; the workflow builds and deploys the app; could not check that env-alice is still at ${first.slice(0, 7)} \\(git ls-remote failed \\(exit 128\\): fatal: 'origin' does not appear to be a git repository\\)$`),
    );
    expect(stdout).toContain("going on without the check");
  });

  it("goes on with a note when the branch is gone from origin, or git is not installed", async () => {
    const checkout = await checkoutOf(first);
    const gone = { ...specOf(first, "deploy", true), branch: "env-gone" };
    const withoutBranch = await run(checkout, gone);
    expect(withoutBranch.result.status).toBe("succeeded");
    expect(withoutBranch.result.message).toContain("(origin has no branch env-gone)");
    expect(withoutBranch.terraformCalls.length).toBe(3);

    // PATH holds the fake terraform and nothing else, so there is no git.
    const noGit = await run(checkout, specOf(first, "deploy", true), { env: { PATH: join(root, "bin") } });
    expect(noGit.result.status).toBe("succeeded");
    expect(noGit.result.message).toContain("(git is not installed (not on PATH))");
  });

  it("never calls git when the spec does not follow its branch", async () => {
    const checkout = await checkoutOf(first);
    // The fake git shows the check would call it: once with followsBranch, never without.
    const following = await run(checkout, specOf(first, "deploy", true), { fakeGit: true });
    expect(following.gitCalls).toEqual(["ls-remote --exit-code origin refs/heads/env-alice"]);
    for (const followsBranch of [undefined, false]) {
      const { result, gitCalls, terraformCalls } = await run(checkout, specOf(first, "deploy", followsBranch), { fakeGit: true });
      expect(gitCalls).toEqual([]);
      expect(result.status).toBe("succeeded");
      expect(result.message).toBe("deploy of env-alice succeeded; read the outputs; the workflow builds and deploys the app");
      expect(terraformCalls.length).toBe(3);
    }
  });
});

describe("reading the head over HTTP with a token", () => {
  let server: Server;
  let base: string;
  const requests: IncomingMessage[] = [];
  const TOKEN = "ghs_test0123456789";
  const expected = `basic ${Buffer.from(`x-access-token:${TOKEN}`).toString("base64")}`;

  beforeAll(async () => {
    await execa("git", ["update-server-info"], { cwd: origin });
    const refs = await readFile(join(origin, "info/refs"), "utf8");
    // Git's dumb HTTP protocol: `info/refs` as a plain file, behind a check of the Authorization header.
    server = createServer((req, res) => {
      requests.push(req);
      if (req.url?.startsWith("/hang/")) return;
      const auth = req.rawHeaders.filter((_, i) => i % 2 === 0 && req.rawHeaders[i]!.toLowerCase() === "authorization");
      if (auth.length !== 1 || req.headers.authorization?.toLowerCase() !== expected.toLowerCase()) {
        res.writeHead(401, { "www-authenticate": 'Basic realm="test"' }).end();
        return;
      }
      if (!req.url?.startsWith("/repo.git/info/refs")) return void res.writeHead(404).end();
      res.writeHead(200, { "content-type": "text/plain" }).end(refs);
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    server.close();
  });

  afterEach(() => {
    requests.length = 0;
  });

  async function checkoutWithRemote(url: string, persistedHeader?: string): Promise<string> {
    const dir = await mkdtemp(join(root, "http-"));
    await git(dir, "init", "-q");
    await git(dir, "remote", "add", "origin", url);
    if (persistedHeader) await git(dir, "config", `http.${base}/.extraheader`, persistedHeader);
    return dir;
  }

  it("sends exactly the token's header, even over one a checkout persisted, and reads the head", async () => {
    const dir = await checkoutWithRemote(`${base}/repo.git`, "AUTHORIZATION: basic c3RhbGU6Y3JlZGVudGlhbHM=");
    const env = { PATH: process.env.PATH ?? "", [GIT_TOKEN_VARIABLE]: TOKEN, GITHUB_SERVER_URL: `${base}/` };
    expect(await readBranchHead({ cwd: dir, branch: "env-alice", env })).toEqual({ ok: true, sha: second });
    expect(requests.length).toBeGreaterThan(0);
  });

  it("without the token, fails at once rather than prompting, and the run is told why", async () => {
    const dir = await checkoutWithRemote(`${base}/repo.git`);
    const lines: string[] = [];
    const log = { info: (l: string) => lines.push(l), out: () => {}, err: () => {} };
    const check = await checkBranchHead({ spec: specOf(first, "apply", true), action: "apply", workdir: dir, env: { PATH: process.env.PATH ?? "" }, log });
    expect(check).toEqual({ kind: "unverified", note: expect.stringContaining("terminal prompts disabled") });
    expect(requests.length).toBeGreaterThan(0);
    expect(lines.join("\n")).toContain("going on without the check");
  });

  it("gives up on a remote that does not answer, and masks credentials in the remote's URL", async () => {
    const dir = await checkoutWithRemote(`http://user:hunter2@127.0.0.1:${new URL(base).port}/hang/repo.git`);
    const head = await readBranchHead({ cwd: dir, branch: "env-alice", env: { PATH: process.env.PATH ?? "" }, timeoutMs: 1_000 });
    expect(head).toEqual({ ok: false, reason: "git ls-remote got no answer from origin within 1 s" });
    server.closeAllConnections();

    const refused = await checkoutWithRemote(`http://user:hunter2@127.0.0.1:1/repo.git`);
    const failed = await readBranchHead({ cwd: refused, branch: "env-alice", env: { PATH: process.env.PATH ?? "" } });
    expect(failed.ok).toBe(false);
    expect(JSON.stringify(failed)).not.toContain("hunter2");
  });
});
