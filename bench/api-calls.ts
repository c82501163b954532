import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import type { Probot } from "probot";
import { stringify } from "yaml";
import { parseSpec, type Spec } from "../app/spec/spec-schema.js";
import { fakeSha } from "../test/e2e/fake-github/driver/repo-driver.js";
import { startFakeGitHub, type FakeGitHub } from "../test/e2e/fake-github/fake-github.js";
import type { RecordedRequest } from "../test/e2e/fake-github/serve-api.js";
import { appWith } from "../test/support/app-under-test.js";
import { TEST_APP_ID, testAppKey } from "../test/support/github/test-app-key.js";
import { createTestProbot, type LogLine } from "../test/support/github/test-probot.js";
import { runResult, smallPlanSummary } from "../test/support/run-result.js";
import { savedPlanKey } from "../app/spec/saved-plan-keys.js";
import { rawTestConfig } from "../test/support/test-config.js";

const OWNER = "octo-org";
const NAME = "shop";
const REPO = `${OWNER}/${NAME}`;
const TOKEN_EXCHANGE = "apps/create-installation-access-token";

/**
 * The fewest rate-limited GitHub API calls each flow could make and still do its job as DESIGN.md
 * describes it, one reason per call. What envbranch makes beyond these buys something named in the
 * table's notes. A read GitHub answers 304 (not modified) is not counted: GitHub does not count it
 * against the rate limit (https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api,
 * "Use conditional requests if appropriate"), so the config, once read, costs nothing to read again.
 */
const MINIMUM: Record<string, string[]> = {
  "push, config not yet read": ["repos/get-content: the config, on the default branch, says the branch is not an environment"],
  "push (apply)": [
    "checks/create: the user-visible status of the commit, carrying the idempotency key",
    "actions/create-workflow-dispatch: the run itself",
  ],
  "push, not an environment": [],
  "push (plan, approval required)": [
    "checks/create: the plan's status on the commit, carrying the key",
    "actions/create-workflow-dispatch: the plan run",
  ],
  "PR plan": [
    "checks/create: the plan's status on the head commit, carrying the key",
    "actions/create-workflow-dispatch: the plan run",
    "issues/create-comment: the sticky plan comment, posted once per environment",
  ],
  "/envbranch apply": [
    "pulls/get: the comment event lacks the head SHA and base branch",
    "repos/get-collaborator-permission-level: the commenter's permission",
    "checks/list-for-ref: the plan of the head SHA, whether it succeeded, and its saved plan",
    "checks/create: the apply's status, carrying the key",
    "actions/create-workflow-dispatch: the apply of that saved plan",
    "issues/create-comment: the answer to the command",
  ],
  "delete (destroy)": [
    "repos/list-deployments: the last deployed commit, the one to destroy",
    "checks/create: the destroy's status, carrying the key",
    "actions/create-workflow-dispatch: the destroy run",
  ],
  "run report (apply done)": [
    "checks/get: the check run the run's name points to, with the progress marker (deployment, correlation id)",
    "actions/list-workflow-run-artifacts: the result artifact's id",
    "actions/download-artifact: the result (redirected to storage)",
    "checks/update: the outcome where the commit shows it",
    "repos/create-deployment-status: the deployment's state and URL",
  ],
  "run report (plan done)": [
    "checks/get: the check run the run's name points to, with the progress marker",
    "actions/list-workflow-run-artifacts: the result artifact's id",
    "actions/download-artifact: the result",
    "checks/update: the plan summary on the commit",
    "issues/update-comment: the sticky comment now shows the plan",
  ],
};

/** What issue 9 asks of a flow at most (envbranch's own targets, beside the minimum). */
const TARGET: Record<string, number> = { "push (apply)": 6, "push (plan, approval required)": 6, "push, not an environment": 0 };

/** Why envbranch makes the calls it makes beyond the minimum. */
const EXTRA_REASONS: Record<string, string> = {
  "git/list-matching-refs": "head check (only the branch's newest commit is dispatched) and slug-collision check",
  "checks/list-for-ref": "the key's check runs, listed once after the create: a redelivered webhook finds the earlier run and dispatches nothing, and two deliveries of one push at once settle on the lower check-run id",
  "repos/create-deployment": "the GitHub deployment the environment's history and URL hang on",
  "checks/update": "links the workflow run and shows the rendered files once dispatched",
  "issues/list-comments": "finds the sticky comment to update instead of posting another (its id is not kept)",
  "reactions/create-for-issue-comment": "the 👀 acknowledgement of a command",
};

interface FlowCount {
  flow: string;
  /** Rate-limited calls: every answer but the token exchanges and the 304s. */
  calls: RecordedRequest[];
  /** Reads GitHub answered 304, which its rate limit does not count. */
  notModified: RecordedRequest[];
  tokens: number;
}

/**
 * Rate-limited GitHub API calls per push, pull-request plan, `/envbranch apply` and branch deletion: the app runs
 * in process (Probot's `receive`, retries off) against the stateful, contract-checked fake GitHub of
 * the end-to-end test, which counts what the app actually asks; printed beside the minimum each flow
 * needs. Nothing is asserted, but a flow that does not reach its dispatch throws, as its count would mean nothing.
 */
export async function benchApiCalls(): Promise<void> {
  const fake = await startFakeGitHub({ appId: TEST_APP_ID, publicKey: testAppKey().publicKey });
  try {
    const { probot, logs } = await createTestProbot(appWith().appFn, { baseUrl: fake.url });
    const counts = await driveFlows(fake, probot);
    const problems = [...fake.violations, ...logs.filter((l: LogLine) => l.level >= 50).map((l) => `app error: ${l.msg}`)];
    if (problems.length > 0) throw new Error(`the flows did not run cleanly:\n${problems.join("\n")}`);
    report(counts);
  } finally {
    await fake.close();
  }
}

async function driveFlows(fake: FakeGitHub, probot: Probot): Promise<FlowCount[]> {
  const workflow = readFileSync(new URL("../workflows-templates/envbranch.yml", import.meta.url), "utf8");
  const config = rawTestConfig({ environments: [{ branch: "env-staging", approval: "required" }] });
  fake.addRepo({ owner: OWNER, name: NAME, files: { ".github/envbranch.yml": stringify(config), ".github/workflows/envbranch.yml": workflow } });
  fake.setRole(REPO, "dana", "write");
  fake.setRole(REPO, "frank", "write");
  const counts: FlowCount[] = [];
  const receive = (name: string, payload: unknown) => probot.receive({ id: randomUUID(), name, payload } as Parameters<Probot["receive"]>[0]);
  const measure = async (flow: string, deliver: () => Promise<unknown>, expectDispatch: boolean) => {
    const [fromRequest, fromDispatch] = [fake.requests.length, fake.dispatches.length];
    await deliver();
    if (expectDispatch && fake.dispatches.length !== fromDispatch + 1) throw new Error(`${flow}: expected one dispatch, got ${fake.dispatches.length - fromDispatch}`);
    const made = fake.requests.slice(fromRequest);
    const tokens = made.filter((r) => r.operationId === TOKEN_EXCHANGE).length;
    const notModified = made.filter((r) => r.status === 304);
    counts.push({ flow, calls: made.filter((r) => r.operationId !== TOKEN_EXCHANGE && r.status !== 304), notModified, tokens });
  };
  const finishLastRun = async (files: (spec: Spec) => Record<string, string>) => {
    const dispatch = fake.dispatches.at(-1)!;
    const spec = parseSpec(dispatch.inputs.spec ?? "");
    await receive("workflow_run", fake.completeRun(dispatch.runId, { conclusion: "success", artifacts: [{ name: `envbranch-${spec.correlationId}`, files: files(spec) }] }));
  };
  // What the runner leaves: the result alone, with the masked summary and, for a plan, its saved plan beside the state.
  const resultFiles = (spec: Spec) => ({
    "result.json": JSON.stringify(
      runResult({
        action: spec.action,
        correlationId: spec.correlationId,
        repository: REPO,
        branch: spec.branch,
        environment: spec.environment.githubEnvironment,
        sha: spec.sha,
        stateKey: spec.terraform.backend.key,
        plan: smallPlanSummary(),
        savedPlan: spec.action === "plan" ? { key: savedPlanKey(spec.terraform.backend.key, spec.correlationId), sha256: "0".repeat(64), bytes: 1000 } : null,
      }),
    ),
  });

  await measure("push, config not yet read", () => receive("push", fake.pushBranch(REPO, "feature-w", fakeSha("feature-0"))), false);
  await measure("push (apply)", () => receive("push", fake.pushBranch(REPO, "env-alice", fakeSha("alice-1"), { files: { "terraform/main.tf": "# 1\n" } })), true);
  await measure("run report (apply done)", () => finishLastRun(resultFiles), false);
  await measure("push, not an environment", () => receive("push", fake.pushBranch(REPO, "feature-x", fakeSha("feature-1"))), false);

  await measure("push (plan, approval required)", () => receive("push", fake.pushBranch(REPO, "env-staging", fakeSha("staging-1"))), true);
  await finishLastRun(resultFiles);
  await receive("push", fake.pushBranch(REPO, "staging-change", fakeSha("change-1"), { files: { "terraform/main.tf": "# 2\n" } }));
  const opened = fake.openPullRequest(REPO, { head: "staging-change", base: "env-staging", user: "dana" });
  await measure("PR plan", () => receive("pull_request", opened), true);
  await measure("run report (plan done)", () => finishLastRun(resultFiles), false);
  await measure("/envbranch apply", () => receive("issue_comment", fake.commentOnPull(REPO, opened.number, "frank", "/envbranch apply")), true);

  const { deleteEvent, pushEvent } = fake.deleteBranch(REPO, "env-alice");
  await measure("delete (destroy)", async () => {
    await receive("delete", deleteEvent);
    await receive("push", pushEvent);
  }, true);
  return counts;
}

function report(counts: FlowCount[]): void {
  console.log("Rate-limited GitHub API calls per flow (in-process app, contract-checked fake GitHub; 304s and installation token exchanges apart)");
  console.log(`${"flow".padEnd(31)} ${"calls".padStart(5)} ${"minimum".padStart(7)} ${"extra".padStart(5)} ${"target".padStart(6)} ${"304".padStart(4)}  token`);
  for (const { flow, calls, notModified, tokens } of counts) {
    const minimum = MINIMUM[flow]?.length;
    const target = TARGET[flow];
    const verdict = target === undefined ? "-" : `${target} ${calls.length <= target ? "ok" : "over"}`;
    console.log(
      `${flow.padEnd(31)} ${String(calls.length).padStart(5)} ${String(minimum ?? "-").padStart(7)} ${String(minimum === undefined ? "-" : calls.length - minimum).padStart(5)} ${verdict.padStart(6)} ${String(notModified.length).padStart(4)}  ${tokens}`,
    );
  }
  for (const { flow, calls, notModified } of counts) {
    console.log(`\n${flow}: ${calls.map((c) => c.operationId ?? `${c.method} ${c.path}`).join(", ") || "no calls"}${notModified.length > 0 ? `; answered 304: ${notModified.map((c) => c.operationId).join(", ")}` : ""}`);
    const minimum = MINIMUM[flow];
    if (minimum === undefined) continue;
    console.log(`  minimum ${minimum.length}:`);
    for (const reason of minimum) console.log(`    - ${reason}`);
    const needed = minimum.map((m) => m.split(":")[0]);
    const extras = calls.map((c) => c.operationId ?? "").filter((op) => {
      const at = needed.indexOf(op);
      if (at === -1) return true;
      needed.splice(at, 1);
      return false;
    });
    if (extras.length > 0) console.log(`  beyond it: ${extras.map((op) => `${op} (${EXTRA_REASONS[op] ?? "see the handler"})`).join("; ")}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchApiCalls();
}
