import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { unzipSync } from "fflate";
import { parseSpec, type Spec } from "../../../app/spec/spec-schema.js";
import { runRunnerCli, type RunnerRun } from "../../support/terraform-azurite/run-runner-cli.js";
import type { ArtifactInput, RunOutcome } from "../fake-github/driver/run-events.js";
import type { FakeGitHub } from "../fake-github/fake-github.js";
import type { DispatchRecord, FakeRepo, RunRecord } from "../fake-github/fake-state.js";

/** Sends a webhook to the app: the test routes it through its ledger. */
export type Deliver = (event: string, payload: unknown) => Promise<void>;

/** What the workflow's `Run envbranch` step is given besides GitHub's own variables. */
export interface ExecutorSetup {
  /** The runner's environment for Terraform against Azurite (startTerraformAzurite's `runnerEnv`). */
  runnerEnv: Record<string, string>;
  /** The repository variable ENVBRANCH_BOT_LOGIN, or the workflow's default when unset. */
  botLoginVariable: string;
  deliver: Deliver;
}

/** One dispatched run, carried out. */
export interface ExecutedRun {
  dispatch: DispatchRecord;
  spec: Spec;
  /** The branch whose files were checked out: the one at spec.sha, or the default branch for a destroy of a deleted branch. */
  checkedOut: string;
  /** The runner, or null when an earlier step failed (the approved plan could not be downloaded). */
  runner: RunnerRun | null;
  conclusion: RunOutcome["conclusion"];
  /** The artifact the run uploaded, if any. */
  artifact: ArtifactInput | null;
}

// What the workflow's upload step takes from .envbranch/, when present.
const UPLOADED = ["result.json", "plan.tfplan", "plan.json", "errored.tfstate"];

/**
 * Plays GitHub Actions for the envbranch workflow, doing what its `infrastructure` job does for each
 * new dispatch the fake recorded: check out spec.sha (the default branch instead when a destroyed
 * branch's commit is gone), download the approved plan of `savedPlan`, run the built runner as the
 * workflow's step does (spec in ENVBRANCH_SPEC, `--plan-file` for an approved plan, inside Actions,
 * triggered by the run's actor), upload `.envbranch/*` as `envbranch-<correlation_id>`, and finish
 * the run, delivering the `workflow_run` in_progress and completed webhooks. The build and deploy
 * jobs need Azure and are not played.
 */
export class WorkflowExecutor {
  private done = 0;

  constructor(
    private readonly fake: FakeGitHub,
    private readonly repoName: string,
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
    const repo = this.fake.repo(this.repoName);
    const spec = parseSpec(dispatch.inputs.spec ?? "");
    const run = repo.runs.find((r) => r.rest.id === dispatch.runId);
    if (run === undefined) throw new Error(`the fake recorded dispatch of run ${dispatch.runId} but has no such run`);
    await this.setup.deliver("workflow_run.in_progress", this.fake.startRun(dispatch.runId));

    const workspace = await mkdtemp(join(tmpdir(), "envbranch-actions-"));
    try {
      const checkout = join(workspace, "checkout");
      const checkedOut = await checkOut(repo, spec, checkout);
      let runner: RunnerRun | null = null;
      const approvedPlan = spec.terraform.savedPlan ? await downloadApprovedPlan(repo, spec.terraform.savedPlan, join(workspace, "envbranch-approved-plan")) : null;
      if (approvedPlan !== false) {
        const args = approvedPlan ? ["run", "--plan-file", approvedPlan] : ["run"];
        runner = await runRunnerCli(args, { cwd: checkout, env: this.stepEnvironment(repo, run, dispatch, workspace), out: join(checkout, ".envbranch") });
      }
      const artifact = await collectArtifact(join(checkout, ".envbranch"), `envbranch-${dispatch.inputs.correlation_id ?? ""}`);
      const conclusion = runner?.exitCode === 0 ? "success" : "failure";
      await this.setup.deliver("workflow_run.completed", this.fake.completeRun(dispatch.runId, { conclusion, artifacts: artifact ? [artifact] : [] }));
      return { dispatch, spec, checkedOut, runner, conclusion, artifact };
    } finally {
      await rm(workspace, { recursive: true, force: true });
    }
  }

  /** The `Run envbranch` step's environment: GitHub's variables for this run, the workflow's `env:`, and Azurite's access. */
  private stepEnvironment(repo: FakeRepo, run: RunRecord, dispatch: DispatchRecord, workspace: string): Record<string, string> {
    return {
      ...this.setup.runnerEnv,
      GITHUB_ACTIONS: "true",
      GITHUB_ACTOR: run.rest.actor.login,
      GITHUB_TRIGGERING_ACTOR: (run.rest.triggering_actor as { login?: string } | undefined)?.login ?? "",
      GITHUB_REPOSITORY: repo.fullName,
      GITHUB_RUN_ID: String(run.rest.id),
      GITHUB_SHA: run.rest.head_sha,
      GITHUB_REF: `refs/heads/${dispatch.ref.replace(/^refs\/heads\//, "")}`,
      GITHUB_OUTPUT: join(workspace, "github-output"),
      GITHUB_STEP_SUMMARY: join(workspace, "step-summary.md"),
      ENVBRANCH_BOT_LOGIN: this.setup.botLoginVariable,
      ENVBRANCH_SPEC: dispatch.inputs.spec ?? "",
    };
  }
}

/**
 * `actions/checkout` of spec.sha. The fake keeps files per branch, so the commit's files are those of
 * the branch it heads; a destroy's commit may be gone with its branch, and the workflow then checks
 * out the default branch, as here. Any other action on a commit no branch heads is a test failure.
 */
async function checkOut(repo: FakeRepo, spec: Spec, dir: string): Promise<string> {
  const branch = [...repo.branches.entries()].find(([, sha]) => sha === spec.sha)?.[0] ?? (spec.action === "destroy" ? repo.defaultBranch : undefined);
  if (branch === undefined) throw new Error(`cannot check out ${spec.sha} for ${spec.action}: no branch of ${repo.fullName} is at it`);
  for (const [path, text] of repo.files.get(branch) ?? new Map<string, string>()) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return branch;
}

/**
 * `actions/download-artifact` of the approved plan: the named artifact of the plan's run, unzipped
 * into `dir`. Returns the plan file's path, or false when the step would fail (no such run or
 * artifact, expired, or no plan in it), which fails the job before the runner runs.
 */
async function downloadApprovedPlan(repo: FakeRepo, saved: { runId: number; artifact: string }, dir: string): Promise<string | false> {
  const artifact = repo.runs.find((r) => r.rest.id === saved.runId)?.artifacts.find((a) => a.rest.name === saved.artifact && !a.rest.expired);
  const plan = artifact ? unzipSync(artifact.zip)["plan.tfplan"] : undefined;
  if (plan === undefined) return false;
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "plan.tfplan"), plan);
  return join(dir, "plan.tfplan");
}

/** `actions/upload-artifact` of .envbranch/{result.json,plan.tfplan,plan.json,errored.tfstate}: null when none exists. */
async function collectArtifact(outDir: string, name: string): Promise<ArtifactInput | null> {
  const files: Record<string, Uint8Array> = {};
  for (const file of UPLOADED) {
    const bytes = await readFile(join(outDir, file)).catch(() => null);
    if (bytes !== null) files[file] = new Uint8Array(bytes);
  }
  return Object.keys(files).length > 0 ? { name, files } : null;
}
