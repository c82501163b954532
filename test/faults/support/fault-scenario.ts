import { expect } from "vitest";
import { GITHUB_RETRIES } from "../../../app/github-retry-policy.js";
import type { Expectation, MockGitHub } from "../../support/github/mock-github.js";
import type { LogLine, TestProbot } from "../../support/github/test-probot.js";
import type { RepoFake } from "../../support/repo-fake.js";
import type { FaultTally } from "./fault-tally.js";
import { injectFault, type GitHubFault } from "./github-faults.js";

/** One GitHub call of a flow: the operation, and how to declare its normal answer on the fake. */
export interface FlowStep {
  name: string;
  op: string;
  declare: () => Expectation;
}

/** What a flow must end in when one of its calls keeps failing. */
export interface PersistentOutcome {
  /** Requests the app makes to the failing operation before giving up; each is tried GITHUB_RETRIES + 1 times. */
  requests: number;
  /** The calls that still succeed afterwards, in order. */
  then: FlowStep[];
  dispatches: 0 | 1;
  /**
   * What the commit shows afterwards: a failed check run with this title (and a summary saying how
   * to retry); "running" where the run was dispatched and only an extra failed, so its one check run
   * is left as it was; null where the fault is on the very call that would show it.
   */
  checkRun: { title: string | RegExp; summary?: RegExp } | "running" | null;
  /** For a command: the reply that tells the commenter it failed (GitHub can take no check run then). */
  reply?: RegExp;
}

/** A flow as the fault tests drive it: its calls in order and what a persistent fault at each ends in. */
export interface FaultFlow {
  steps: FlowStep[];
  persistent: Record<string, PersistentOutcome>;
  /** Delivers the flow's webhook; `id` is the delivery id the logs must carry. */
  deliver: (app: TestProbot, id: string) => Promise<void>;
  /** Check runs that exist before the delivery (the plan an apply applies): not the flow's own. */
  priorCheckRuns?: number;
}

interface ScenarioInput {
  gh: MockGitHub;
  fake: RepoFake;
  app: TestProbot;
  flow: FaultFlow;
  fault: GitHubFault;
  tally: FaultTally;
}

/**
 * Every call of the flow fails once, in one delivery (each fault is declared right before the normal
 * answer of its call, and expectations answer first-declared-first): each must be retried and the
 * flow must end as if nothing happened, with one dispatch and no error logged.
 */
export async function runTransientFaults(input: ScenarioInput): Promise<void> {
  const { gh, fake, app, flow, fault, tally } = input;
  gh.installationToken();
  const pairs = flow.steps.map((step) => ({ injected: injectFault(gh, step.op, fault, "transient"), answered: step.declare() }));
  const id = deliveryId(fault, "every-call-once");
  const counted = tally.start(fault.name, "transient", flow.steps.length);
  await flow.deliver(app, id);
  counted.dispatches(fake.dispatches.length);
  gh.assertDone();
  expect(fake.dispatches).toHaveLength(1);
  expect(fake.checkRuns.slice(flow.priorCheckRuns ?? 0), "check runs the flow created").toHaveLength(1);
  expect(appLines(app.logs, 50)).toEqual([]);
  for (const pair of pairs) if (pair.injected.calls.length === 1 && pair.answered.calls.length === 1) counted.ok();
}

/**
 * The call at `position`, and every later call of the same operation, keeps failing: the app must
 * try each request exactly GITHUB_RETRIES + 1 times, then stop and say so, in a failed check run
 * where GitHub can still take one, and always in a log line carrying the delivery id. It never
 * dispatches twice.
 */
export async function runPersistentFault(input: ScenarioInput & { position: number }): Promise<void> {
  const { gh, fake, app, flow, fault, tally, position } = input;
  const target = flow.steps[position];
  const outcome = target && flow.persistent[target.name];
  if (!target || !outcome) throw new Error(`no persistent outcome declared for call ${position}`);
  gh.installationToken();
  for (const step of flow.steps.slice(0, position)) step.declare();
  const injected = injectFault(gh, target.op, fault, "persistent");
  for (const step of outcome.then) step.declare();

  const id = deliveryId(fault, target.name);
  const counted = tally.start(fault.name, "persistent", 1);
  await flow.deliver(app, id);
  counted.dispatches(fake.dispatches.length);
  expect(fake.dispatches.length, "dispatches").toBe(outcome.dispatches);
  gh.assertDone();
  expect(injected.calls, `attempts on ${target.op}`).toHaveLength(outcome.requests * (GITHUB_RETRIES + 1));
  const reported = appLines(app.logs, 40);
  expect(reported.length, "warnings or errors logged by the app").toBeGreaterThan(0);
  expect(reported.filter((l) => l.delivery !== id), "app log lines without the delivery id").toEqual([]);
  const created = fake.checkRuns.slice(flow.priorCheckRuns ?? 0);
  if (outcome.checkRun === "running") {
    expect(created.map((run) => run.conclusion), "the dispatched run's check run, and no other").toEqual([null]);
  } else if (outcome.checkRun) {
    const last = created.at(-1);
    expect(last?.conclusion, "the flow's check run").toBe("failure");
    expect(last?.output.title).toMatch(outcome.checkRun.title);
    expect(last?.output.summary).toMatch(outcome.checkRun.summary ?? /Press \*\*Retry\*\* on this check run/);
    // Where the check run says to press Retry, it has the button.
    const retry = /Press \*\*Retry\*\*/.test(last?.output.summary ?? "");
    expect((last as { actions?: Array<{ identifier: string }> } | undefined)?.actions?.some((a) => a.identifier === "retry") ?? false, "the Retry button").toBe(retry);
  }
  if (outcome.reply) expect(fake.comments.at(-1)?.body).toMatch(outcome.reply);
  counted.ok();
}

/** Lines the app wrote at `level` or above; Octokit's own lines (its retry warnings) know no delivery. */
function appLines(logs: LogLine[], level: number): LogLine[] {
  return logs.filter((l) => l.level >= level && l.name !== "github" && l.name !== "octokit");
}

function deliveryId(fault: GitHubFault, what: string): string {
  return `${fault.name}-${what}`.replace(/\W+/g, "-");
}
