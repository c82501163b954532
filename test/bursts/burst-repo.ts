import { createHash, randomInt, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { stringify } from "yaml";
import { fakeSha } from "../e2e/fake-github/driver/repo-driver.js";
import { startFakeGitHub, type FakeGitHub } from "../e2e/fake-github/fake-github.js";
import { rawTestConfig } from "../support/test-config.js";

/** The repository every burst runs in. */
export const BURST_REPO = "octo-org/burst";

const WORKFLOW = readFileSync(new URL("../../workflows-templates/envbranch.yml", import.meta.url), "utf8");

/**
 * A fake GitHub (the stateful, contract-checking one the end-to-end test uses) holding one
 * repository with envbranch's config and workflow on its default branch. `publicKey` is the key the
 * app signs its JWTs with; `now` is GitHub's clock, where it should not agree with this process's.
 */
export async function startBurstGitHub(publicKey: KeyObject | string, now?: () => Date): Promise<FakeGitHub> {
  const fake = await startFakeGitHub({ appId: 1, publicKey, ...(now ? { now } : {}) });
  const [owner = "", name = ""] = BURST_REPO.split("/");
  fake.addRepo({ owner, name, files: { ".github/envbranch.yml": stringify(rawTestConfig()), ".github/workflows/envbranch.yml": WORKFLOW } });
  return fake;
}

/** The environment branch of environment `index` (env-e00 … env-e99). */
export function envBranch(index: number): string {
  return `env-e${String(index).padStart(2, "0")}`;
}

/** The `round`-th commit pushed to a branch: a stable SHA. */
export function commitSha(branch: string, round: number): string {
  return fakeSha(`${branch}#${round}`);
}

/**
 * Moves `branch` to its `round`-th commit in the fake, changing a Terraform file (so the push is an
 * apply), and returns the push webhook GitHub would send.
 */
export function pushCommit(fake: FakeGitHub, branch: string, round: number) {
  return fake.pushBranch(BURST_REPO, branch, commitSha(branch, round), { files: { "terraform/main.tf": `# revision ${round}\n` } });
}

/** The SHA a dispatch's spec input names (what the run would apply). */
export function dispatchedSha(inputs: Record<string, string>): string {
  return (JSON.parse(inputs.spec ?? "{}") as { sha?: string }).sha ?? "";
}

/**
 * The seed every order and delay of a burst derives from: `ENVBRANCH_BURST_SEED` replays a run,
 * otherwise each run draws a fresh one (and the suites print it when they fail).
 */
export function burstSeed(env: NodeJS.ProcessEnv = process.env): number {
  const given = env.ENVBRANCH_BURST_SEED;
  if (given === undefined || given === "") return randomInt(1_000_000);
  const seed = Number(given);
  if (!Number.isSafeInteger(seed)) throw new Error(`ENVBRANCH_BURST_SEED must be an integer, got "${given}"`);
  return seed;
}

/** A fraction in [0, 1) fixed by `seed` and `key`, so a failing burst can be replayed from its printed seed. */
export function seededFraction(seed: number, key: string): number {
  return createHash("sha256").update(`${seed}:${key}`).digest().readUInt32BE(0) / 2 ** 32;
}

/** `items` in an order fixed by `seed`. */
export function shuffle<T>(items: readonly T[], seed: number): T[] {
  return items
    .map((item, index) => ({ item, rank: seededFraction(seed, `shuffle:${index}`) }))
    .sort((a, b) => a.rank - b.rank)
    .map(({ item }) => item);
}
