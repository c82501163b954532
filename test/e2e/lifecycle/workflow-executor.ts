import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { execa } from "execa";
import { parse } from "yaml";
import { parseSpec, type Spec } from "../../../app/spec/spec-schema.js";
import { parseResult, type RunResult } from "../../../app/runner/result-schema.js";
import { readGithubOutput } from "../../runner/support/read-github-output.js";
import { actionStepProcess, parseActionMetadata } from "../../templates/support/action-step.js";
import { dispatchRunContexts } from "../../templates/support/dispatch-contexts.js";
import { evaluateCondition, evaluateTemplate, type Contexts } from "../../templates/support/evaluate-expression.js";
import { parseWorkflowFile } from "../../templates/support/parse-workflow.js";
import { jobEnv, jobsThatRun, type Step, type Workflow } from "../../templates/support/workflow.js";
import type { ArtifactInput, RunOutcome } from "../fake-github/driver/run-events.js";
import type { FakeGitHub } from "../fake-github/fake-github.js";
import type { DispatchRecord, FakeRepo, RunRecord } from "../fake-github/fake-state.js";
import { copyActionToEmptyFolder } from "../../action/support/run-action-bundle.js";

/** Sends a webhook to the app: the test routes it through its ledger. */
export type Deliver = (event: string, payload: unknown) => Promise<void>;

/** What the runner machine brings besides GitHub's own variables. */
export interface ExecutorSetup {
  /** The machine's environment for Terraform against Azurite (startTerraformAzurite's `runnerEnv`): PATH, trust, access. */
  runnerEnv: Record<string, string>;
  /** The repository's variables (`vars`), e.g. ENVBRANCH_BOT_LOGIN; empty takes the workflow's default. */
  vars: Record<string, string>;
  deliver: Deliver;
}

/** The runner action's process, as the step ran it. */
export interface RunnerStepRun {
  /** The commit the workflow pins the action to, whose action.yml and bundle ran. */
  commit: string;
  exitCode: number;
  stdout: string;
  stderr: string;
  wallMs: number;
  /** result.json from the out directory, validated; null when none was written. */
  result: RunResult | null;
}

/** One dispatched run, carried out. */
export interface ExecutedRun {
  dispatch: DispatchRecord;
  spec: Spec;
  /** The job that ran the runner action. */
  jobId: string;
  /** The branch whose files were checked out: the one at the step's ref, or the default branch. */
  checkedOut: string;
  /** The runner action's process, or null when an earlier step failed. */
  runner: RunnerStepRun | null;
  conclusion: RunOutcome["conclusion"];
  /** The artifact the run uploaded, if any, exactly as the upload step's `path:` selects it. */
  artifact: ArtifactInput | null;
}

// Steps whose effect the test's machine already has: Terraform is on PATH, Azure is Azurite reached
// by access key, and the provider cache is empty. Anything else the job uses fails the run loudly.
const PROVIDED = ["azure/login@", "hashicorp/setup-terraform@", "actions/cache/restore@", "actions/cache/save@"];

/**
 * Plays GitHub Actions for the envbranch workflow as the repository holds it on the dispatched ref:
 * parsed by GitHub's own parser, the job chosen by its `if:`, each step's `if:`, `with:` and `env:`
 * evaluated by GitHub's expression engine. The runner step runs the action the workflow pins, as
 * GitHub fetches it (action.yml and the bundle at that commit of this repository, in a folder without
 * node_modules), with the inputs and environment GitHub's runner gives a JavaScript action. The
 * upload step uploads what its `path:` names. The build and deploy jobs need Azure and are not played.
 */
export class WorkflowExecutor {
  private done = 0;

  constructor(
    private readonly fake: FakeGitHub,
    private readonly setup: ExecutorSetup,
  ) {}

  /** Carries out every dispatch recorded since the last call, in order. */
  async runNewDispatches(): Promise<ExecutedRun[]> {
    const executed: ExecutedRun[] = [];
    while (this.done < this.fake.dispatches.length) {
      const dispatch = this.fake.dispatches[this.done++]!;
      executed.push(await this.execute(dispatch));
    }
    return executed;
  }

  private async execute(dispatch: DispatchRecord): Promise<ExecutedRun> {
    // The repository the dispatch was made in: one executor plays every repository's runs, in order.
    const repo = this.fake.repo(dispatch.repo);
    const spec = parseSpec(dispatch.inputs.spec ?? "");
    const run = repo.runs.find((r) => r.rest.id === dispatch.runId);
    if (run === undefined) throw new Error(`the fake recorded dispatch of run ${dispatch.runId} but has no such run`);
    const ref = dispatch.ref.replace(/^refs\/heads\//, "");
    const text = repo.files.get(ref)?.get(`.github/workflows/${dispatch.workflow}`);
    if (text === undefined) throw new Error(`${ref} has no .github/workflows/${dispatch.workflow}`);
    await this.setup.deliver("workflow_run.in_progress", this.fake.startRun(dispatch.runId));

    const workspace = await mkdtemp(join(tmpdir(), "envbranch-actions-"));
    try {
      const job = new JobRun(repo, run, dispatch, workspace, this.setup);
      const executed = await job.play(text, spec);
      await this.setup.deliver("workflow_run.completed", this.fake.completeRun(dispatch.runId, { conclusion: executed.conclusion, artifacts: executed.artifact ? [executed.artifact] : [] }));
      return { dispatch, spec, ...executed };
    } finally {
      await rm(workspace, { recursive: true, force: true });
    }
  }
}

/** One job of one run: its steps in order, as GitHub's runner takes them. */
class JobRun {
  private readonly checkout: string;
  private readonly runnerTemp: string;
  private checkedOut = "";
  private runner: ExecutedRun["runner"] = null;
  private artifact: ArtifactInput | null = null;
  private failed = false;
  private readonly stepContexts: Record<string, { outcome: string; conclusion: string; outputs: Record<string, string> }> = {};

  constructor(
    private readonly repo: FakeRepo,
    private readonly record: RunRecord,
    private readonly dispatch: DispatchRecord,
    workspace: string,
    private readonly setup: ExecutorSetup,
  ) {
    this.checkout = join(workspace, "checkout");
    this.runnerTemp = join(workspace, "temp");
  }

  async play(text: string, spec: Spec): Promise<Omit<ExecutedRun, "dispatch" | "spec">> {
    const parsed = await parseWorkflowFile(this.dispatch.workflow, text);
    const workflow = parse(text) as Workflow;
    const contexts = this.contexts();
    // The jobs that use the runner and whose `if:` holds: exactly one per action.
    const jobIds = jobsThatRun(workflow, contexts, { infrastructure: { status: "succeeded" } }).filter((id) => workflow.jobs[id]!.steps.some(isRunnerStep));
    if (jobIds.length !== 1) throw new Error(`${spec.action} runs ${jobIds.length} runner jobs (${jobIds.join(", ")}); exactly one was expected`);
    const jobId = jobIds[0]!;
    const jobContexts: Contexts = { ...this.contexts(jobId), needs: {}, job: { status: "success" }, strategy: {}, matrix: {}, secrets: {} };
    const env = jobEnv(workflow, jobId, jobContexts);
    for (const [index, step] of workflow.jobs[jobId]!.steps.entries()) {
      const stepContexts = { ...jobContexts, env, steps: this.stepContexts };
      const status = { success: !this.failed, failure: this.failed, cancelled: false };
      if (!evaluateCondition(step.if, stepContexts, status)) continue;
      const ok = await this.step(step, index, { parsed, jobId, contexts: stepContexts });
      const tolerated = ok || evaluateTemplate(String(step["continue-on-error"] ?? false), stepContexts) === true;
      if (step.id) this.stepContexts[step.id] = { ...(this.stepContexts[step.id] ?? { outputs: {} }), outcome: ok ? "success" : "failure", conclusion: tolerated ? "success" : "failure" };
      if (!tolerated) this.failed = true;
    }
    return { jobId, checkedOut: this.checkedOut, runner: this.runner, conclusion: this.failed ? "failure" : "success", artifact: this.artifact };
  }

  /** The contexts of this run, as GitHub gives a workflow_dispatch run on the runner machine. */
  private contexts(job?: string): Contexts {
    return dispatchRunContexts(
      {
        inputs: { spec: this.dispatch.inputs.spec ?? "", correlation_id: this.dispatch.inputs.correlation_id ?? "" },
        repository: this.repo.fullName,
        defaultBranch: this.repo.defaultBranch,
        branch: this.dispatch.ref.replace(/^refs\/heads\//, ""),
        sha: this.record.rest.head_sha,
        actor: this.record.rest.actor.login,
        triggeringActor: (this.record.rest.triggering_actor as { login?: string } | undefined)?.login ?? this.record.rest.actor.login,
        runId: this.record.rest.id,
        workflow: "envbranch",
        workflowPath: `.github/workflows/${this.dispatch.workflow}`,
        workspace: this.checkout,
        runnerTemp: this.runnerTemp,
        ...(job ? { job } : {}),
      },
      this.setup.vars,
    );
  }

  /** Carries out one step; true when it succeeded. */
  private async step(step: Step, index: number, at: { parsed: Awaited<ReturnType<typeof parseWorkflowFile>>; jobId: string; contexts: Contexts }): Promise<boolean> {
    const uses = step.uses ?? "";
    if (uses.startsWith("actions/checkout@")) return this.checkOut(String(evaluateTemplate(String(step.with?.ref ?? ""), at.contexts)));
    if (PROVIDED.some((prefix) => uses.startsWith(prefix))) return true;
    if (isRunnerStep(step)) return this.runRunner(step, index, at);
    if (uses.startsWith("actions/upload-artifact@")) return this.upload(step, at.contexts);
    throw new Error(`the executor does not play step ${step.name ?? uses} (${uses || "run:"}): the workflow changed; teach it the step or fix the workflow`);
  }

  /**
   * `actions/checkout` of a ref. The fake keeps files per branch, so a commit's files are those of
   * the branch it heads; a commit no branch heads fails the step (as a garbage-collected one does).
   */
  private async checkOut(ref: string): Promise<boolean> {
    const branch = [...this.repo.branches.entries()].find(([name, sha]) => sha === ref || name === ref)?.[0];
    if (branch === undefined) return false;
    await rm(this.checkout, { recursive: true, force: true });
    for (const [path, text] of this.repo.files.get(branch) ?? new Map<string, string>()) {
      await mkdir(dirname(join(this.checkout, path)), { recursive: true });
      await writeFile(join(this.checkout, path), text);
    }
    this.checkedOut = branch;
    return true;
  }

  /** The runner step: the pinned action at its commit, with the inputs and environment GitHub's runner composes. */
  private async runRunner(step: Step, index: number, at: { parsed: Awaited<ReturnType<typeof parseWorkflowFile>>; jobId: string; contexts: Contexts }): Promise<boolean> {
    const commit = step.uses!.split("@")[1] ?? "";
    const actionDir = await copyActionToEmptyFolder(commit);
    const action = parseActionMetadata("action.yml", await readFile(join(actionDir, "action.yml"), "utf8"));
    if (action.runs.using !== "node24" || !("main" in action.runs)) throw new Error(`the pinned action runs on ${action.runs.using}, not node24`);
    const stepProcess = actionStepProcess({ workflow: at.parsed, jobId: at.jobId, stepId: step.id ?? `__step_${index}`, action, contexts: at.contexts, host: this.setup.runnerEnv });
    if (stepProcess.warnings.length > 0 || stepProcess.missingRequiredInputs.length > 0) {
      throw new Error(`the runner step breaks the action's contract: ${[...stepProcess.warnings, ...stepProcess.missingRequiredInputs.map((i) => `missing required input ${i}`)].join("; ")}`);
    }
    for (const file of ["GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY", "GITHUB_ENV", "GITHUB_PATH", "GITHUB_STATE"]) {
      const path = stepProcess.env[file];
      if (path) {
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, "");
      }
    }
    // As NodeScriptActionHandler.cs starts it: node on the entry, in the workspace, with exactly that environment.
    const started = performance.now();
    const child = await execa(process.execPath, [join(actionDir, String(action.runs.main))], { cwd: this.checkout, env: stepProcess.env, extendEnv: false, reject: false, stdin: "ignore" });
    const wallMs = performance.now() - started;
    await rm(actionDir, { recursive: true, force: true });
    const resultText = await readFile(join(this.checkout, stepProcess.inputs["out-dir"] || ".envbranch", "result.json"), "utf8").catch(() => null);
    this.runner = { commit, exitCode: child.exitCode ?? -1, stdout: child.stdout, stderr: child.stderr, wallMs, result: resultText === null ? null : parseResult(resultText) };
    const outputs = Object.fromEntries(readGithubOutput(await readFile(stepProcess.env.GITHUB_OUTPUT!, "utf8")));
    if (step.id) this.stepContexts[step.id] = { outcome: "", conclusion: "", outputs };
    return child.exitCode === 0;
  }

  /** `actions/upload-artifact` of exactly the files its `path:` lists (relative to the workspace); none makes no artifact. */
  private async upload(step: Step, contexts: Contexts): Promise<boolean> {
    const name = String(evaluateTemplate(String(step.with?.name ?? ""), contexts));
    const paths = String(evaluateTemplate(String(step.with?.path ?? ""), contexts)).split("\n").map((p) => p.trim()).filter(Boolean);
    if (paths.some((p) => /[*?[]/.test(p))) throw new Error(`the upload step's path uses a pattern (${paths.join(", ")}); the executor uploads named files only`);
    const files: Record<string, Uint8Array> = {};
    for (const path of paths) {
      const bytes = await readFile(join(this.checkout, path)).catch(() => null);
      if (bytes !== null) files[path.split("/").at(-1)!] = new Uint8Array(bytes);
    }
    this.artifact = Object.keys(files).length > 0 ? { name, files } : null;
    return true;
  }
}

function isRunnerStep(step: Step): boolean {
  return step.uses?.startsWith("envbranch/envbranch@") ?? false;
}
