import { randomBytes } from "node:crypto";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_APP_ID, testAppKey } from "../support/github/test-app-key.js";
import { startTerraformAzurite, type TerraformAzurite } from "../support/terraform-azurite/start-terraform-azurite.js";
import { findOnPath, shimUnavailableReason } from "../support/terraform-azurite/terraform-shim.js";
import { buildRunnerOnce } from "../runner/support/build-runner-once.js";
import { deliver } from "./fake-github/deliver.js";
import { fakeSha } from "./fake-github/driver/repo-driver.js";
import { startFakeGitHub, type FakeGitHub } from "./fake-github/fake-github.js";
import type { CheckRun, CommentRecord, FakeRepo } from "./fake-github/fake-state.js";
import { ApiCallLedger } from "./lifecycle/api-call-ledger.js";
import { startAppProcess, type AppProcess } from "./lifecycle/app-process.js";
import { get, signIn } from "./environments/sign-in.js";
import { LIFECYCLE_REPO, LIFECYCLE_REPO_NAME as REPO, lifecycleRepoFiles, PEOPLE, SECOND_REPO, SECOND_REPO_NAME as SITE, STACK_DIRECTORY } from "./lifecycle/lifecycle-repo.js";
import { WorkflowExecutor, type ExecutedRun } from "./lifecycle/workflow-executor.js";

/**
 * The whole life cycle, black box: the built app runs as its own process (`node dist/app/main.js`,
 * what `npm start` runs), configured like a GitHub Enterprise Server install against the fake GitHub,
 * with its Azure Blob settings at Azurite. Webhooks are signed and POSTed over HTTP; every dispatch
 * the app makes is carried out by the real runner and real Terraform against Azurite, and the run's
 * result comes back as its artifact. Everything asserted is what a user would see on GitHub, or what
 * is in the state storage account.
 */
const skipReason = shimUnavailableReason();
if (skipReason) {
  console.warn(`life-cycle end-to-end test skipped: ${skipReason}`);
  if (process.env.CI === "true" && findOnPath("terraform") !== null) {
    describe("life-cycle end to end in CI", () => {
      it("runs wherever terraform is installed", () => {
        throw new Error(`CI=true and terraform is on PATH, but the life-cycle end-to-end test cannot run: ${skipReason}`);
      });
    });
  }
}

const SECRET = randomBytes(20).toString("hex");
const ALICE_KEY = "envbranch/octo-org/shop/alice.tfstate";
const STAGING_KEY = "envbranch/octo-org/shop/staging.tfstate";
const ALICE_SHA = fakeSha("env-alice-1");
const STAGING_SHA = fakeSha("env-staging-1");
const PR_HEAD_SHA = fakeSha("staging-change-1");
const PR_BRANCH = "staging-change";
const WEB_KEY = "envbranch/acme/site/web.tfstate";
const WEB_SHA = fakeSha("env-web-1");
const STEP_TIMEOUT = 120_000;
// pino's levels, as the app logs them.
const WARN = 40;
const ERROR = 50;

interface TerraformState {
  lineage: string;
  serial: number;
  outputs: Record<string, { value: unknown }>;
  resources: Array<{ type: string; name: string; instances: Array<{ attributes: { input?: unknown } }> }>;
}

/** One environment as /api/environments gives it. */
interface PageEnvironment {
  repository: string;
  branch: string;
  state: string;
  head: string | null;
  applied: { sha: string; at: string } | null;
  pusher: string | null;
  url: string | null;
  run: { url: string; title: string } | null;
  plan: { add: number; change: number; destroy: number } | null;
  pullRequests: Array<{ number: number; url: string }>;
}

// The dashboard's words for the states this story reaches, written out so the page and the issue are each checked against them.
const DASHBOARD_STATE: Record<string, string> = { applied: "applied", "plan-waiting": "plan waiting for approval", destroyed: "destroyed" };

describe.skipIf(skipReason !== null)("envbranch end to end: the built app, the fake GitHub, the runner, Terraform and Azurite", () => {
  let tf: TerraformAzurite | undefined;
  let fake: FakeGitHub | undefined;
  let app: AppProcess | undefined;
  let ledger: ApiCallLedger;
  let executor: WorkflowExecutor;

  /** Delivers a webhook to the app, booked in the ledger; the app must accept it (Probot answers once the handler is done). */
  async function send(event: string, payload: unknown): Promise<void> {
    const result = await ledger.record(event, () => deliver(app!.webhookUrl, event.split(".")[0]!, payload, SECRET));
    if (result.status !== 200) throw new Error(`the app answered ${result.status} to ${event}: ${result.body}`);
  }

  beforeAll(async () => {
    await buildRunnerOnce();
    tf = await startTerraformAzurite();
    fake = await startFakeGitHub({ appId: TEST_APP_ID, publicKey: testAppKey().publicKey });
    fake.addRepo({ ...LIFECYCLE_REPO, files: await lifecycleRepoFiles({ storageAccount: tf.account, container: tf.containerName }) });
    for (const person of Object.values(PEOPLE)) fake.setRole(REPO, person.login, person.role);
    // Another owner's repository, so another installation: only alice holds a role on it.
    fake.addRepo({ ...SECOND_REPO, files: await lifecycleRepoFiles({ storageAccount: tf.account, container: tf.containerName, project: SECOND_REPO.name }) });
    fake.setRole(SITE, PEOPLE.pusher.login, "write");
    app = await startAppProcess({
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/tmp",
      NODE_ENV: "production",
      LOG_LEVEL: "info",
      LOG_FORMAT: "json",
      APP_ID: String(TEST_APP_ID),
      PRIVATE_KEY: testAppKey().privateKey,
      WEBHOOK_SECRET: SECRET,
      // The environments page's sign-in, as Probot's setup writes the app's OAuth client.
      GITHUB_CLIENT_ID: fake.oauthClient.clientId,
      GITHUB_CLIENT_SECRET: fake.oauthClient.clientSecret,
      ...fake.env,
      // The app's own Azure access, its blob settings at Azurite; Resource Manager at a closed port,
      // so a stray call fails here instead of reaching Azure. The credential is declared (start-up
      // refuses Azure without one) as the environment's service principal, which is absent: a token
      // request fails on the spot, with no sign-in attempted anywhere.
      ENVBRANCH_AZURE: "on",
      AZURE_TOKEN_CREDENTIALS: "EnvironmentCredential",
      ENVBRANCH_BLOB_ENDPOINT: tf.azurite.endpoint,
      ENVBRANCH_BLOB_ACCOUNT_KEY: tf.azurite.key,
      ENVBRANCH_ARM_ENDPOINT: "https://127.0.0.1:9/",
      ...tf.azurite.trustEnv,
    });
    fake.setCallbackUrl(`${app.url}/environments/callback`);
    ledger = new ApiCallLedger(fake.requests);
    executor = new WorkflowExecutor(fake, { runnerEnv: tf.runnerEnv, vars: {}, deliver: send });
  }, 180_000);

  afterAll(async () => {
    if (ledger) console.log(ledger.report());
    // Warnings are the app's own account of anything unexpected: shown to whoever reads a failure.
    const warnings = app?.logsAtLeast(WARN) ?? [];
    const unparsed = app?.unparsedOutput() ?? [];
    if (unparsed.length > 0 || app?.exit()) console.log(`the app (${app?.exit() ?? "running"}) printed outside its log:\n${unparsed.join("\n")}`);
    if (warnings.length > 0) console.log(`the app logged ${warnings.length} warnings or errors:\n${warnings.map((l) => JSON.stringify(l)).join("\n")}`);
    await Promise.allSettled([app?.stop(), fake?.close(), tf?.stop()]);
  });

  const repo = (fullName = REPO): FakeRepo => fake!.repo(fullName);

  /** The check runs of a commit under a name, oldest first. */
  const checkRuns = (sha: string, name: string, fullName = REPO): CheckRun[] => repo(fullName).checkRuns.filter((r) => r.head_sha === sha && r.name === name);
  /** The one GitHub shows: the newest of that name on the commit. */
  const shownCheckRun = (sha: string, name: string, fullName = REPO): CheckRun | undefined => checkRuns(sha, name, fullName).at(-1);
  const deploymentsOf = (environment: string, fullName = REPO) => repo(fullName).deployments.filter((d) => d.rest.environment === environment);
  /** The repository's dashboard issues: this app's, under its label. */
  const dashboards = (fullName: string) => [...repo(fullName).issues.values()].filter((i) => i.user.login === fake!.botLogin && i.labels.some((l) => l.name === "envbranch"));
  /** The dashboard's table row of a branch (the full table links a live branch, the folded one names a gone one). */
  const dashboardRow = (fullName: string, branch: string) => (dashboards(fullName)[0]?.body ?? "").split("\n").find((line) => line.startsWith("| ") && line.includes(`\`${branch}\``));
  const botComments = (pr: number): CommentRecord[] => repo().comments.filter((c) => c.issue === pr && c.rest.user.login === fake!.botLogin);
  const stickyComments = (pr: number, environment: string) => botComments(pr).filter((c) => c.rest.body.startsWith(`<!-- envbranch-plan: ${environment} -->`));
  const runUrl = (run: ExecutedRun) => repo().runs.find((r) => r.rest.id === run.dispatch.runId)?.rest.html_url;

  async function stateAt(key: string): Promise<TerraformState | null> {
    const blob = tf!.container.getBlockBlobClient(key);
    if (!(await blob.exists())) return null;
    return JSON.parse((await blob.downloadToBuffer()).toString("utf8")) as TerraformState;
  }

  /** Runs what the app dispatched since last time; exactly one run is expected. */
  async function runTheOneDispatch(): Promise<ExecutedRun> {
    const runs = await executor.runNewDispatches();
    expect(runs.map((r) => `${r.spec.action} ${r.spec.branch}`)).toHaveLength(1);
    const run = runs[0]!;
    expect(run.runner?.exitCode, `${run.runner?.stdout}\n${run.runner?.stderr}`).toBe(0);
    expect(run.runner?.result?.status).toBe("succeeded");
    return run;
  }

  it(
    "a push to env-alice applies it for real: check run with the counts, deployment with its URL, state at the rendered key",
    async () => {
      ledger.begin("push env-alice (apply)");
      await send("push", fake!.pushBranch(REPO, "env-alice", ALICE_SHA, { sender: PEOPLE.pusher.login }));
      expect(fake!.dispatches).toHaveLength(1);

      const run = await runTheOneDispatch();
      expect(run.dispatch).toMatchObject({ workflow: "envbranch.yml", ref: "env-alice" });
      expect(run.spec).toMatchObject({
        action: "apply",
        sha: ALICE_SHA,
        branch: "env-alice",
        environment: { githubEnvironment: "env-alice", resourceGroup: "rg-shop-alice" },
        terraform: { directory: STACK_DIRECTORY, backend: { key: ALICE_KEY, storage_account_name: tf!.account, use_azuread_auth: false } },
      });
      expect(run.checkedOut).toBe("env-alice");

      expect(checkRuns(ALICE_SHA, "envbranch: env-alice")).toHaveLength(1);
      expect(shownCheckRun(ALICE_SHA, "envbranch: env-alice")).toMatchObject({
        status: "completed",
        conclusion: "success",
        output: { title: "Applied: 3 to add, 0 to change, 0 to destroy", summary: expect.stringContaining("https://app-shop-alice.example.test") },
      });
      const deployments = deploymentsOf("env-alice");
      expect(deployments.map((d) => d.rest.sha)).toEqual([ALICE_SHA]);
      expect(deployments[0]!.statuses.at(-1)).toMatchObject({ state: "success", environment_url: "https://app-shop-alice.example.test", log_url: runUrl(run) });
      expect([...repo().environments.keys()]).toContain("env-alice");

      const state = await stateAt(ALICE_KEY);
      expect(state?.resources.map((r) => r.name).sort()).toEqual(["app", "release", "resource_group"]);
      expect(state?.outputs.url?.value).toBe("https://app-shop-alice.example.test");
    },
    STEP_TIMEOUT,
  );

  it(
    "a pull request into env-staging is planned; an unauthorised /envbranch apply is refused, an authorised one applies the saved plan",
    async () => {
      // The environment branch comes first. It needs approval, so its push is only planned.
      ledger.begin("push env-staging (plan: approval required)");
      await send("push", fake!.pushBranch(REPO, "env-staging", STAGING_SHA, { sender: PEOPLE.author.login }));
      const branchPlan = await runTheOneDispatch();
      expect(branchPlan.spec).toMatchObject({ action: "plan", sha: STAGING_SHA, branch: "env-staging" });
      expect(shownCheckRun(STAGING_SHA, "envbranch: env-staging")).toMatchObject({
        conclusion: "success",
        output: { title: "3 to add, 0 to change, 0 to destroy" },
        actions: [expect.objectContaining({ identifier: "apply" })],
      });
      expect(deploymentsOf("env-staging")).toEqual([]);
      expect((await stateAt(STAGING_KEY))?.resources ?? []).toEqual([]);

      // A feature branch changes the stack's revision, then goes to staging through a pull request.
      ledger.begin("PR plan");
      const dispatchesBefore = fake!.dispatches.length;
      await send("push", fake!.pushBranch(REPO, PR_BRANCH, PR_HEAD_SHA, { sender: PEOPLE.author.login, files: { [`${STACK_DIRECTORY}/revision.auto.tfvars`]: 'revision = "2"\n' } }));
      expect(fake!.dispatches).toHaveLength(dispatchesBefore);
      const opened = fake!.openPullRequest(REPO, { head: PR_BRANCH, base: "env-staging", user: PEOPLE.author.login, title: "Release 2 to staging" });
      const pr = opened.number;
      await send("pull_request", opened);
      const [pending] = stickyComments(pr, "env-staging");
      expect(pending?.rest.body).toContain("running");

      const prPlan = await runTheOneDispatch();
      expect(prPlan.jobId).toBe("plan");
      expect(prPlan.dispatch.ref).toBe("env-staging");
      // The saved plan is beside the state, and its hash is what the check run shows and an approval binds to.
      const saved = prPlan.runner?.result?.savedPlan;
      expect(saved?.key).toBe(`envbranch/octo-org/shop/staging/plans/${prPlan.spec.correlationId}.tfplan`);
      expect(await tf!.container.getBlobClient(saved!.key).exists()).toBe(true);
      expect(shownCheckRun(PR_HEAD_SHA, "envbranch: env-staging")?.output.summary).toContain(saved!.sha256);
      expect(prPlan.spec).toMatchObject({ action: "plan", sha: PR_HEAD_SHA, branch: "env-staging", terraform: { backend: { key: STAGING_KEY } } });
      expect(prPlan.checkedOut).toBe(PR_BRANCH);
      expect(shownCheckRun(PR_HEAD_SHA, "envbranch: env-staging")).toMatchObject({ conclusion: "success", output: { title: "3 to add, 0 to change, 0 to destroy" } });
      const [planned] = stickyComments(pr, "env-staging");
      expect(planned?.rest.id).toBe(pending?.rest.id);
      expect(planned?.rest.body).toContain("3 to add, 0 to change, 0 to destroy");
      expect(planned?.rest.body).toContain("terraform_data.release");
      expect(planned?.rest.body).toContain("To apply exactly this plan, comment `/envbranch apply`.");

      // Triage is not enough to approve: a reasoned refusal, and nothing dispatched.
      ledger.begin("apply");
      const afterPlan = fake!.dispatches.length;
      const refused = fake!.commentOnPull(REPO, pr, PEOPLE.triager.login, "/envbranch apply");
      await send("issue_comment", refused);
      expect(fake!.dispatches).toHaveLength(afterPlan);
      expect(botComments(pr).at(-1)?.rest.body).toBe(
        `@${PEOPLE.triager.login} Not done: @${PEOPLE.triager.login} has triage permission, and applying needs write permission or higher.`,
      );
      expect(repo().comments.find((c) => c.rest.id === refused.comment.id)?.reactions.map((r) => r.content)).toEqual(["eyes"]);

      // Write permission, and not the author: the saved plan of that exact run is applied.
      await send("issue_comment", fake!.commentOnPull(REPO, pr, PEOPLE.approver.login, "/envbranch apply"));
      expect(botComments(pr).at(-1)?.rest.body).toContain(`Applying exactly the saved plan of \`${PR_HEAD_SHA.slice(0, 7)}\` to \`env-staging\`.`);
      const apply = await runTheOneDispatch();
      expect(apply.spec).toMatchObject({
        action: "apply",
        sha: PR_HEAD_SHA,
        branch: "env-staging",
        terraform: { savedPlan: { key: saved!.key, sha256: saved!.sha256 } },
      });
      // Applied from the saved plan beside the state, verified by its hash, not planned again: the plan the approver saw is what ran.
      const steps = apply.runner?.result?.steps.map((s) => s.name) ?? [];
      expect(steps).toEqual(expect.arrayContaining(["fetch-plan", "apply", "discard-plan"]));
      expect(steps).not.toContain("plan");
      expect(apply.runner?.stdout).toContain(`sha256 ${saved!.sha256} verified`);
      expect(await tf!.container.getBlobClient(saved!.key).exists()).toBe(false);

      expect(shownCheckRun(PR_HEAD_SHA, "envbranch: env-staging")).toMatchObject({ conclusion: "success", output: { title: "Applied: 3 to add, 0 to change, 0 to destroy" } });
      // The first apply of staging had no state to go back to, and its check run says so.
      expect(shownCheckRun(PR_HEAD_SHA, "envbranch: env-staging")?.output.summary).toContain("No snapshot of the state was taken: there was no state yet to go back to (the first apply).");
      const [applied] = stickyComments(pr, "env-staging");
      expect(stickyComments(pr, "env-staging")).toHaveLength(1);
      expect(applied?.rest.id).toBe(pending?.rest.id);
      expect(applied?.rest.body).toContain("Applied: 3 to add, 0 to change, 0 to destroy");
      expect(applied?.rest.body).toContain("<details><summary>Previous");
      const deployments = deploymentsOf("env-staging");
      expect(deployments.map((d) => d.rest.sha)).toEqual([PR_HEAD_SHA]);
      expect(deployments[0]!.statuses.at(-1)).toMatchObject({ state: "success", environment_url: "https://app-shop-staging.example.test", log_url: runUrl(apply) });

      // The pull request's code is what staging now runs.
      const state = await stateAt(STAGING_KEY);
      const release = state?.resources.find((r) => r.name === "release");
      expect(release?.instances[0]?.attributes.input).toEqual({ type: "string", value: "release-2" });
    },
    STEP_TIMEOUT,
  );

  it(
    "deleting env-alice destroys it: state archived and removed, deployments inactive, staging untouched",
    async () => {
      ledger.begin("delete env-alice (destroy)");
      const before = await stateAt(ALICE_KEY);
      expect(before?.resources).toHaveLength(3);
      const { deleteEvent, pushEvent } = fake!.deleteBranch(REPO, "env-alice", { sender: PEOPLE.pusher.login });
      await send("delete", deleteEvent);
      await send("push", pushEvent);

      const destroy = await runTheOneDispatch();
      expect(destroy.dispatch.ref).toBe("main");
      expect(destroy.spec).toMatchObject({ action: "destroy", sha: ALICE_SHA, branch: "env-alice", terraform: { backend: { key: ALICE_KEY } } });
      expect(destroy.checkedOut).toBe("main");

      const archive = destroy.runner?.result?.archive;
      expect(archive).toMatchObject({ status: "archived", archiveKey: expect.stringMatching(/^archive\/envbranch\/octo-org\/shop\/alice\/.+\.tfstate$/) });
      const archiveKey = archive?.status === "archived" ? archive.archiveKey : "";
      const archived: string[] = [];
      for await (const blob of tf!.container.listBlobsFlat({ prefix: "archive/envbranch/octo-org/shop/alice/" })) archived.push(blob.name);
      expect(archived).toEqual([archiveKey]);
      expect(await stateAt(ALICE_KEY)).toBeNull();
      const archivedState = await stateAt(archiveKey);
      expect({ lineage: archivedState?.lineage, resources: archivedState?.resources }).toEqual({ lineage: before?.lineage, resources: [] });

      expect(shownCheckRun(ALICE_SHA, "envbranch: env-alice")).toMatchObject({ conclusion: "success", output: { title: "Destroyed: 0 to add, 0 to change, 3 to destroy" } });
      // The destroy snapshotted the state first, and the check run names that snapshot and how to restore it.
      expect(shownCheckRun(ALICE_SHA, "envbranch: env-alice")?.output.summary).toMatch(/the state of `[^`]+alice\.tfstate` was saved as snapshot `\d{4}-\d\d-\d\dT[\d:.]+Z` \(serial \d+, 3 resource\(s\)\)\. To go back to it/);
      const deployments = deploymentsOf("env-alice");
      expect(deployments.length).toBeGreaterThan(0);
      expect(deployments.map((d) => d.statuses.at(-1)?.state)).toEqual(deployments.map(() => "inactive"));

      expect((await stateAt(STAGING_KEY))?.resources).toHaveLength(3);
      expect(deploymentsOf("env-staging")[0]?.statuses.at(-1)?.state).toBe("success");
    },
    STEP_TIMEOUT,
  );

  it(
    "a push to env-web in a second repository, of another owner, applies it there",
    async () => {
      ledger.begin("push acme/site env-web (apply)");
      await send("push", fake!.pushBranch(SITE, "env-web", WEB_SHA, { sender: PEOPLE.pusher.login }));
      const run = await runTheOneDispatch();
      expect(run.dispatch).toMatchObject({ repo: SITE, workflow: "envbranch.yml", ref: "env-web" });
      expect(run.spec).toMatchObject({ action: "apply", sha: WEB_SHA, branch: "env-web", terraform: { backend: { key: WEB_KEY } } });
      expect(shownCheckRun(WEB_SHA, "envbranch: env-web", SITE)).toMatchObject({ conclusion: "success", output: { title: "Applied: 3 to add, 0 to change, 0 to destroy" } });
      expect(deploymentsOf("env-web", SITE).map((d) => d.statuses.at(-1))).toEqual([expect.objectContaining({ state: "success", environment_url: "https://app-site-web.example.test" })]);
      expect((await stateAt(WEB_KEY))?.resources).toHaveLength(3);
      // Nothing of it reached the first repository.
      expect(deploymentsOf("env-web")).toEqual([]);
    },
    STEP_TIMEOUT,
  );

  it(
    "keeps one dashboard issue per repository: env-staging's plan waiting over its applied commit, env-alice destroyed, acme/site's env-web applied",
    async () => {
      // Redraws run in the background after each event: wait for the ones after the last results.
      const deadline = Date.now() + 30_000;
      const drawn = () => dashboards(REPO)[0]?.body?.includes("| `env-alice` | destroyed") && dashboardRow(SITE, "env-web")?.includes("| applied |");
      while (!drawn() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
      expect(dashboards(REPO)).toHaveLength(1);
      expect(dashboards(SITE)).toHaveLength(1);
      expect(dashboardRow(SITE, "env-web")).toContain("[open](https://app-site-web.example.test)");
      const body = dashboards(REPO)[0]?.body ?? "";
      const staging = body.split("\n").find((line) => line.startsWith("| [`env-staging`]"));
      expect(staging).toContain("| plan waiting for approval |");
      expect(staging).toContain(`[\`${PR_HEAD_SHA.slice(0, 7)}\`](`);
      expect(staging).toContain("[open](https://app-shop-staging.example.test)");
      expect(staging).toContain("[+3 ~0 -0](");
      expect(body).toContain("<details><summary>1 destroyed</summary>");
      // The app's own Azure access reads where the destroyed environment's state went.
      expect(body).toMatch(/\| `env-alice` \| destroyed · state archived to `archive\/envbranch\/octo-org\/shop\/alice\/[^`]+\.tfstate` \| \[\+0 ~0 -3\]\(/);
    },
    STEP_TIMEOUT,
  );

  it(
    "the environments page, after GitHub's sign-in, lists the three environments of both repositories with the dashboards' states and GitHub's links",
    async () => {
      const { jar, done } = await signIn(app!.url, PEOPLE.pusher.login);
      expect(done.headers.get("location")).toBe("/environments");
      const response = await get(jar, `${app!.url}/api/environments`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as { login: string; repositories: Array<{ repository: string; problem: string | null }>; environments: PageEnvironment[] };
      expect(body.login).toBe(PEOPLE.pusher.login);
      expect(body.repositories.map((r) => [r.repository, r.problem]).sort()).toEqual([
        [SITE, null],
        [REPO, null],
      ]);
      expect(body.environments.map((e) => `${e.repository} ${e.branch} ${e.state}`).sort()).toEqual([`${SITE} env-web applied`, `${REPO} env-alice destroyed`, `${REPO} env-staging plan-waiting`]);
      const shown = (repository: string, branch: string) => body.environments.find((e) => e.repository === repository && e.branch === branch);

      // Each link is what GitHub itself holds: the check run's page, the deployment status's URL, the pull request's page.
      const pull = [...repo().pulls.values()].find((p) => p.rest.head.ref === PR_BRANCH)!.rest;
      expect(shown(REPO, "env-staging")).toMatchObject({
        head: STAGING_SHA,
        applied: { sha: PR_HEAD_SHA },
        pusher: PEOPLE.author.login,
        url: "https://app-shop-staging.example.test",
        run: { url: shownCheckRun(STAGING_SHA, "envbranch: env-staging")!.html_url, title: "3 to add, 0 to change, 0 to destroy" },
        plan: { add: 3, change: 0, destroy: 0 },
        pullRequests: [{ number: pull.number, url: pull.html_url }],
      });
      expect(shown(REPO, "env-alice")).toMatchObject({
        head: null,
        url: null,
        run: { url: shownCheckRun(ALICE_SHA, "envbranch: env-alice")!.html_url, title: "Destroyed: 0 to add, 0 to change, 3 to destroy" },
        pullRequests: [],
      });
      expect(shown(SITE, "env-web")).toMatchObject({
        head: WEB_SHA,
        applied: { sha: WEB_SHA },
        pusher: PEOPLE.pusher.login,
        url: "https://app-site-web.example.test",
        run: { url: shownCheckRun(WEB_SHA, "envbranch: env-web", SITE)!.html_url },
        pullRequests: [],
      });

      // The dashboard issue of each repository says the same: state, run, deployment and pull requests.
      for (const env of body.environments) {
        const row = dashboardRow(env.repository, env.branch);
        // The state cell: the state's words, then any note (a destroyed one's archive).
        expect(row?.split(" | ")[1]?.split(" · ")[0], `${env.repository} ${env.branch} on its dashboard`).toBe(DASHBOARD_STATE[env.state]);
        expect(row).toContain(`](${env.run!.url})`);
        if (env.url !== null) expect(row).toContain(`[open](${env.url})`);
        for (const pr of env.pullRequests) expect(row).toContain(`[#${pr.number}](${pr.url})`);
      }

      // The page links live branches into GitHub, and a deleted one not at all.
      const html = await (await get(jar, `${app!.url}/environments`)).text();
      expect(html).toContain(`href="${fake!.webUrl}/${REPO}/tree/env-staging"`);
      expect(html).toContain(`href="${fake!.webUrl}/${SITE}/tree/env-web"`);
      expect(html).not.toContain(`/tree/env-alice"`);
      expect(html).toContain(`<a href="${pull.html_url}">#${pull.number}</a>`);
      expect(html).toContain('<span class="state s-plan-waiting">plan waiting for approval</span>');
      for (const env of body.environments) {
        expect(html).toContain(`href="${env.run!.url}"`);
        // The page writes each link as the browser reads it (an origin gains its slash).
        if (env.url !== null) expect(html).toContain(`href="${new URL(env.url).href}"`);
      }

      // Dana holds a role on octo-org/shop only: acme/site's environment is not hers to see.
      const dana = await signIn(app!.url, PEOPLE.author.login);
      const hers = (await (await get(dana.jar, `${app!.url}/api/environments`)).json()) as { environments: PageEnvironment[] };
      expect(hers.environments.map((e) => `${e.repository} ${e.branch}`).sort()).toEqual([`${REPO} env-alice`, `${REPO} env-staging`]);
      expect(fake!.signIns.map((s) => [s.login, s.exchanged])).toEqual([
        [PEOPLE.pusher.login, true],
        [PEOPLE.author.login, true],
      ]);
      // The users' tokens and the client secret stay out of the app's log.
      expect(JSON.stringify(app!.logsAtLeast(0))).not.toMatch(/ghu_|fake-client-secret/);
    },
    STEP_TIMEOUT,
  );

  it("uploaded nothing but result.json from any run: no saved plan, plan JSON or state in an artifact", () => {
    const artifacts = [REPO, SITE].flatMap((name) => repo(name).runs.flatMap((r) => r.artifacts));
    expect(artifacts.length).toBeGreaterThanOrEqual(6);
    for (const artifact of artifacts) expect(Object.keys(unzipSync(artifact.zip))).toEqual(["result.json"]);
  });

  it("kept to GitHub's contract all along, and the app logged no error", () => {
    expect(fake!.violations).toEqual([]);
    expect(app!.logsAtLeast(ERROR)).toEqual([]);
    // Still serving, and nothing printed outside its log: no crash, no stack trace on stderr.
    expect(app!.exit()).toBeNull();
    expect(app!.unparsedOutput()).toEqual([]);
    // Every step cost the app some calls; the figures are printed after the suite.
    for (const step of ["push env-alice (apply)", "PR plan", "apply", "delete env-alice (destroy)", "push acme/site env-web (apply)"]) expect(ledger.total(step)).toBeGreaterThan(0);
  });
});
