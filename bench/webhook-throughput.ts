import { randomUUID } from "node:crypto";
import { pathToFileURL } from "node:url";
import type { FakeGitHub } from "../test/e2e/fake-github/fake-github.js";
import { TEST_WEBHOOK_SECRET } from "../test/support/github/test-probot.js";
import { signPayload } from "../test/support/github/webhooks.js";
import { AppChild, type ChildApp } from "../test/bursts/app-child-process.js";
import { envBranch, pushCommit, startBurstGitHub } from "../test/bursts/burst-repo.js";

/** Measured deliveries per app and scenario, in CHUNKS alternating between the apps so drifting machine load hits both alike. */
const DELIVERIES = 500;
const CHUNKS = 5;
const CONCURRENCY = 10;
const WARM_UP = 50;
const TARGET_RATIO = 0.8;
const TOKEN_EXCHANGE = "apps/create-installation-access-token";

interface Scenario {
  name: string;
  /** The branch worker `w` pushes to. */
  branch: (worker: number) => string;
}

const SCENARIOS: Scenario[] = [
  // Each worker owns one environment, so each push is its branch's head and envbranch dispatches it.
  { name: "push to an environment branch (envbranch: full dispatch path)", branch: envBranch },
  { name: "push to a feature branch (envbranch: one config read)", branch: (worker) => `feature-${worker}` },
];

interface Tally {
  latenciesMs: number[];
  wallMs: number;
  appCpuMs: number;
  /** CPU of this process: the fake GitHub answering and the load generator pushing and signing. */
  fakeCpuMs: number;
  githubCalls: number;
}

interface Target {
  app: ChildApp;
  child: AppChild;
  webhookUrl: string;
}

/**
 * Webhook throughput and handling latency of envbranch against a bare Probot app whose `push`
 * handler does nothing, in the same run on the same machine. Each app is served in its own process
 * through Probot's real middleware (signature verification included) with the test Octokit
 * (no retries, no throttling), both talking to one fake GitHub over loopback HTTP; signed pushes are
 * POSTed CONCURRENCY at a time. Latency is the POST's round trip: Probot answers once the handler is
 * done. Prints deliveries/s, p50, p99, the app process's CPU per delivery and envbranch's GitHub calls
 * per delivery; the ratio is printed beside its target, never asserted.
 */
export async function benchWebhookThroughput(): Promise<void> {
  const envbranch = await AppChild.start("envbranch");
  const bare = await AppChild.start("noop").catch(async (error: unknown) => {
    await envbranch.stop();
    throw error;
  });
  // The fake verifies JWTs with envbranch's key; the bare app never calls GitHub (a call would show as a violation).
  const fake = await startBurstGitHub(envbranch.publicKey);
  try {
    const targets: Target[] = [
      { app: "noop", child: bare, webhookUrl: await bare.serve(fake.url) },
      { app: "envbranch", child: envbranch, webhookUrl: await envbranch.serve(fake.url) },
    ];
    const rounds = new Map<string, number>();
    const load = (target: Target, scenario: Scenario, count: number) => runLoad(fake, target, scenario, count, rounds);
    console.log(`${DELIVERIES} signed push deliveries per app and scenario, ${CONCURRENCY} at a time, after ${WARM_UP} of warm-up; both apps in their own process, one fake GitHub`);
    for (const scenario of SCENARIOS) {
      for (const target of targets) await load(target, scenario, WARM_UP);
      const tallies = new Map<ChildApp, Tally>(targets.map((t) => [t.app, { latenciesMs: [], wallMs: 0, appCpuMs: 0, fakeCpuMs: 0, githubCalls: 0 }]));
      for (let chunk = 0; chunk < CHUNKS; chunk++) {
        for (const target of targets) merge(tallies.get(target.app)!, await load(target, scenario, DELIVERIES / CHUNKS));
      }
      report(scenario, tallies.get("noop")!, tallies.get("envbranch")!);
    }
    const problems = [...fake.violations, ...(await envbranch.errors()).map((l) => `envbranch error: ${l.msg}`), ...(await bare.errors()).map((l) => `bare app error: ${l.msg}`)];
    if (problems.length > 0) throw new Error(`the benchmark did not run cleanly:\n${problems.slice(0, 10).join("\n")}`);
    console.log(
      [
        "What is compared: the whole cost of a delivery as GitHub sees it. The bare app answers once Probot has verified",
        "and parsed it; envbranch answers after its GitHub calls, made one after another. Each call costs envbranch CPU",
        "(Octokit and undici) and the fake about as much again (it checks every request against GitHub's OpenAPI",
        "description), all on one machine's cores, so the environment-branch figures are CPU-bound and include the",
        "fake's share. On a feature branch envbranch makes one call, the config read: that row is the ratio for pushes",
        "that are not to environment branches.",
        "Not measured: in production Probot's throttling plugin (off here, as in the tests) spaces an installation's",
        "write requests at least 1 s apart (@octokit/plugin-throttling, write group: maxConcurrent 1, minTime 1000 ms),",
        "so one repository's dispatching pushes, 4 writes each, go through at most one per ~4 s, whatever the CPU.",
      ].join("\n"),
    );
  } finally {
    await Promise.all([envbranch.stop(), bare.stop(), fake.close()]);
  }
}

/** Delivers `count` pushes to `target`, CONCURRENCY workers each pushing its own branch, one commit per delivery. */
async function runLoad(fake: FakeGitHub, target: Target, scenario: Scenario, count: number, rounds: Map<string, number>): Promise<Tally> {
  const latenciesMs: number[] = [];
  const [requestsBefore, cpuBefore, ownCpuBefore] = [fake.requests.length, await target.child.cpuMs(), process.cpuUsage()];
  let next = 0;
  const worker = async (w: number) => {
    const branch = scenario.branch(w);
    while (next < count) {
      next++;
      const round = (rounds.get(branch) ?? 0) + 1;
      rounds.set(branch, round);
      const body = JSON.stringify(pushCommit(fake, branch, round));
      const started = performance.now();
      const response = await fetch(target.webhookUrl, {
        method: "POST",
        headers: { "content-type": "application/json", "x-github-event": "push", "x-github-delivery": randomUUID(), "x-hub-signature-256": signPayload(body, TEST_WEBHOOK_SECRET) },
        body,
      });
      await response.text();
      latenciesMs.push(performance.now() - started);
      if (response.status !== 200) throw new Error(`${target.app} answered ${response.status} to a push of ${branch}`);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, w) => worker(w)));
  const wallMs = performance.now() - started;
  const ownCpu = process.cpuUsage(ownCpuBefore);
  const calls = fake.requests.slice(requestsBefore).filter((r) => r.operationId !== TOKEN_EXCHANGE).length;
  return { latenciesMs, wallMs, appCpuMs: (await target.child.cpuMs()) - cpuBefore, fakeCpuMs: (ownCpu.user + ownCpu.system) / 1000, githubCalls: calls };
}

function merge(into: Tally, from: Tally): void {
  into.latenciesMs.push(...from.latenciesMs);
  into.wallMs += from.wallMs;
  into.appCpuMs += from.appCpuMs;
  into.fakeCpuMs += from.fakeCpuMs;
  into.githubCalls += from.githubCalls;
}

function report(scenario: Scenario, bare: Tally, envbranch: Tally): void {
  const rate = (t: Tally) => (t.latenciesMs.length / t.wallMs) * 1000;
  const perDelivery = (value: number, t: Tally, width: number, digits = 2) => (value / t.latenciesMs.length).toFixed(digits).padStart(width);
  const row = (name: string, t: Tally) =>
    `  ${name.padEnd(10)} ${rate(t).toFixed(0).padStart(12)} ${percentile(t.latenciesMs, 50).toFixed(1).padStart(8)} ${percentile(t.latenciesMs, 99).toFixed(1).padStart(8)} ${perDelivery(t.appCpuMs, t, 14)} ${perDelivery(t.fakeCpuMs, t, 20)} ${perDelivery(t.githubCalls, t, 13, 1)}`;
  const ratio = rate(envbranch) / rate(bare);
  console.log(`\n${scenario.name}`);
  console.log(`  ${"app".padEnd(10)} ${"deliveries/s".padStart(12)} ${"p50 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"app CPU ms/dlv".padStart(14)} ${"fake+load CPU ms/dlv".padStart(20)} ${"GitHub calls".padStart(13)}`);
  console.log(row("bare", bare));
  console.log(row("envbranch", envbranch));
  console.log(`  throughput envbranch/bare: ${ratio.toFixed(2)} (target >= ${TARGET_RATIO}: ${ratio >= TARGET_RATIO ? "met" : "not met"})`);
  console.log(`  app CPU per delivery bare/envbranch: ${(bare.appCpuMs / bare.latenciesMs.length / (envbranch.appCpuMs / envbranch.latenciesMs.length)).toFixed(2)} (the ratio if each app were bound by its own CPU alone)`);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchWebhookThroughput();
}
