import { messageChain } from "./message-chain.js";
import { runChild } from "./run-child.js";

/** The branch's head on `origin`, or why it could not be read. */
export type BranchHead = { ok: true; sha: string } | { ok: false; reason: string };

/**
 * A token for `git ls-remote` alone. The workflow checks out without persisting credentials, so a
 * private repository's remote refuses an anonymous `ls-remote`; this token is handed to git as an
 * HTTP header through its environment (never on a command line) and kept from Terraform.
 */
export const GIT_TOKEN_VARIABLE = "ENVBRANCH_GIT_TOKEN";

/** Long enough for a slow remote; a hung one must not hold up the deploy for long (it proceeds unchecked). */
const LS_REMOTE_TIMEOUT_MS = 30_000;

export interface ReadBranchHeadInput {
  /** A checkout whose `origin` remote is the repository. */
  cwd: string;
  branch: string;
  env: Record<string, string | undefined>;
  timeoutMs?: number;
}

/**
 * The commit `refs/heads/<branch>` names on `origin` now, from `git ls-remote`. Never throws: when
 * the remote, the network, git or the branch is missing, the answer says why.
 */
export async function readBranchHead(input: ReadBranchHeadInput): Promise<BranchHead> {
  const ref = `refs/heads/${input.branch}`;
  const timeoutMs = input.timeoutMs ?? LS_REMOTE_TIMEOUT_MS;
  // Its own process group, killed whole on timeout: git hands HTTP and SSH to helper processes
  // that hold its output open, so killing git alone would leave the run waiting on them.
  const child = runChild("git", ["ls-remote", "--exit-code", "origin", ref], { cwd: input.cwd, env: gitEnv(input.env), detached: true });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(child.pid);
  }, timeoutMs);
  const result = await child.outcome.finally(() => clearTimeout(timer));
  if (timedOut) return { ok: false, reason: `git ls-remote got no answer from origin within ${timeoutMs / 1000} s` };
  if (result.exitCode === null) {
    if (result.error?.code === "ENOENT") return { ok: false, reason: "git is not installed (not on PATH)" };
    return { ok: false, reason: `git could not run: ${result.error ? messageChain(result.error) : `killed by ${result.signal}`}` };
  }
  // --exit-code: 2 when the remote has no matching ref.
  if (result.exitCode === 2) return { ok: false, reason: `origin has no branch ${input.branch}` };
  if (result.exitCode !== 0) return { ok: false, reason: `git ls-remote failed (exit ${result.exitCode}): ${gitProblem(result.stderr)}` };
  // A pattern matches the tail of a ref, so `refs/heads/x/refs/heads/<branch>` would match too: take the exact ref.
  for (const line of result.stdout.split("\n")) {
    const [sha, name] = line.trim().split("\t");
    if (name === ref && sha && /^[0-9a-f]{40,64}$/.test(sha)) return { ok: true, sha };
  }
  return { ok: false, reason: `origin has no branch ${input.branch}` };
}

/**
 * Git's environment: never prompt (there is nobody to answer), and with the token, an
 * Authorization header for the GitHub server. An empty value first resets headers a checkout may
 * have persisted, since GitHub refuses a request carrying two.
 */
function gitEnv(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const { [GIT_TOKEN_VARIABLE]: token, ...rest } = env;
  const base = { ...rest, GIT_TERMINAL_PROMPT: "0", GCM_INTERACTIVE: "never" };
  if (!token) return base;
  const server = (env.GITHUB_SERVER_URL || "https://github.com").replace(/\/+$/, "");
  const key = `http.${server}/.extraheader`;
  const first = Number.parseInt(env.GIT_CONFIG_COUNT ?? "0", 10) || 0;
  const header = `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${token}`).toString("base64")}`;
  return {
    ...base,
    GIT_CONFIG_COUNT: String(first + 2),
    [`GIT_CONFIG_KEY_${first}`]: key,
    [`GIT_CONFIG_VALUE_${first}`]: "",
    [`GIT_CONFIG_KEY_${first + 1}`]: key,
    [`GIT_CONFIG_VALUE_${first + 1}`]: header,
  };
}

/** Git's `fatal:` line says what went wrong (the lines after it are advice); credentials in a URL are masked. */
function gitProblem(stderr: string): string {
  const lines = stderr.split("\n").map((l) => l.trim()).filter(Boolean);
  const line = lines.find((l) => l.startsWith("fatal:")) ?? lines[0] ?? "no message";
  return line.replace(/\/\/[^/@\s]+@/g, "//***@");
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}
