import { mkdir } from "node:fs/promises";
import { performance } from "node:perf_hooks";
import type { Action, Spec } from "../spec/spec-schema.js";
import { applyStack } from "./apply-stack.js";
import { buildResult, type FailureInput } from "./build-result.js";
import { NEVER_CANCELLED, type Cancellation } from "./cancel-run.js";
import { checkBranchHead } from "./check-branch-head.js";
import { describeLeftBehind } from "./describe-left-behind.js";
import { diagnoseFailure } from "./diagnose-failure.js";
import { destroyStack } from "./destroy-stack.js";
import { failureOf } from "./failure-of.js";
import { initStack, planStack } from "./plan-stack.js";
import { GIT_TOKEN_VARIABLE } from "./read-branch-head.js";
import { readOutputs } from "./read-outputs.js";
import { refusalReason } from "./refuse-action.js";
import { storeSavedPlan } from "./saved-plan.js";
import type { RunResult } from "./result-schema.js";
import { INIT_RETRY, type RetryPolicy } from "./retry-init.js";
import { emptyFindings, type RunContext, type RunFindings } from "./run-context.js";
import { RunnerFailure } from "./runner-failure.js";
import type { RunnerLog } from "./run-terraform.js";
import { createStepRecorder, type StepRecorder } from "./step-recorder.js";
import { terraformVersion } from "./terraform-version.js";
import { restoreState } from "./restore-state.js";
import { unlockState } from "./unlock-state.js";
import { stackDirectory, writeStackFiles } from "./write-stack-files.js";

export interface RunActionOptions {
  spec: Spec;
  action: Action;
  /** The checkout the spec's stack directory is relative to. */
  workdir: string;
  /** Absolute. */
  outDir: string;
  lockTimeout: string;
  env: Record<string, string | undefined>;
  log: RunnerLog;
  /** When the invocation started, for the result's total duration. */
  startedAt: Date;
  startedMs: number;
  terraformBinary?: string;
  retry?: RetryPolicy;
  /** A signal's request to stop: Terraform is stopped gracefully and the result says `cancelled`. */
  cancel?: Cancellation;
}

/** What a deploy says it did: the result's message must not suggest it built or deployed anything. */
const DEPLOY_NOTE = "read the outputs; the workflow builds and deploys the app";

const TERRAFORM_ACTIONS: Record<"plan" | "apply" | "deploy" | "destroy", (ctx: RunContext) => Promise<void>> = {
  // The plan is kept for its approval beside the state, never in the run's artifact.
  plan: async (ctx) => {
    await initStack(ctx);
    const { planFile } = await planStack(ctx, { destroy: false });
    await storeSavedPlan(ctx, planFile);
  },
  apply: applyStack,
  // The workflow's deploy job needs the stack's outputs (the app's name, its registry) from the
  // state; nothing Terraform-relevant changed, so nothing is planned or applied.
  deploy: async (ctx) => {
    await initStack(ctx);
    await readOutputs(ctx);
    ctx.findings.note = DEPLOY_NOTE;
    ctx.log.info(`deploy: ${DEPLOY_NOTE}`);
  },
  destroy: destroyStack,
};

/** Runs one action of a validated spec and returns its result; failures are part of the result, never thrown. */
export async function runAction(options: RunActionOptions): Promise<RunResult> {
  const { spec, action, log } = options;
  const findings = emptyFindings();
  let steps: StepRecorder | null = null;
  let failure: FailureInput | null = null;
  let headNote: string | null = null;
  let ctx: RunContext | null = null;
  const cancel = options.cancel ?? NEVER_CANCELLED;
  try {
    const refusal = refusalReason(action, options.env);
    if (refusal) throw new RunnerFailure("refused", null, refusal);
    if (spec.terraform.savedPlan && action !== "apply") throw new RunnerFailure("usage", null, `A saved plan can only be applied, not used for ${action}.`);
    await mkdir(options.outDir, { recursive: true });
    // Terraform ignores a plugin cache directory that does not exist; the workflow's cache may not have restored one.
    if (options.env.TF_PLUGIN_CACHE_DIR) await mkdir(options.env.TF_PLUGIN_CACHE_DIR, { recursive: true });
    ctx = createRunContext({ ...options, cancel }, findings);
    steps = ctx.steps;
    const head = await checkBranchHead({ spec, action, workdir: options.workdir, env: options.env, log });
    if (head.kind === "unverified") headNote = head.note;
    if (head.kind === "superseded") {
      findings.superseded = { head: head.head };
    } else if (action === "unlock") {
      await unlockState(ctx);
    } else if (action === "restore") {
      if (!spec.restoreVersion) throw new RunnerFailure("usage", null, "A restore needs the snapshot to restore: the spec names none (`restoreVersion`).");
      // Lineage changes are for a person at a terminal (`envbranch state restore --allow-lineage-change`), never a comment.
      await restoreState(ctx, { version: spec.restoreVersion, allowLineageChange: false });
    } else {
      await writeStackFiles(options.workdir, ctx.stackDir, spec);
      findings.terraformVersion = await terraformVersion(ctx);
      await TERRAFORM_ACTIONS[action](ctx);
    }
  } catch (error) {
    failure =
      ctx && error instanceof RunnerFailure && (error.kind === "cancelled" || error.kind === "terraform-crashed")
        ? await describeLeftBehind(ctx, error, cancel.requestedBy)
        : failureOf(error);
    if (ctx) failure = await diagnoseFailure(ctx, failure, options.env);
    log.info(failure.explanation);
  }
  // Said after the action's own note: the result should show the run went on unchecked.
  if (headNote) findings.note = findings.note ? `${findings.note}; ${headNote}` : headNote;
  const result = buildResult({
    action,
    spec,
    findings,
    steps: steps?.steps ?? [],
    failure,
    startedAt: options.startedAt,
    finishedAt: new Date(),
    totalMs: performance.now() - options.startedMs,
  });
  log.info(result.message);
  return result;
}

/** The context an action runs in: the stack directory, a step recorder running terraform there, clients on demand. */
export function createRunContext(
  options: Pick<RunActionOptions, "spec" | "action" | "workdir" | "outDir" | "lockTimeout" | "env" | "log" | "terraformBinary" | "retry" | "cancel">,
  findings: RunFindings,
): RunContext {
  const { spec, log } = options;
  const stackDir = stackDirectory(options.workdir, spec);
  const steps = createStepRecorder({ binary: options.terraformBinary ?? "terraform", cwd: stackDir, env: terraformEnv(options.env), log, ...(options.cancel ? { cancel: options.cancel } : {}) });
  return {
    spec,
    action: options.action,
    stackDir,
    outDir: options.outDir,
    lockTimeout: options.lockTimeout,
    steps,
    log,
    retry: options.retry ?? INIT_RETRY,
    // Loaded on demand: plan never needs the storage SDK's credentials.
    stateContainer: async () => (await import("./state-access.js")).stateContainerFromEnv(spec.terraform.backend, options.env),
    runUrl: runUrlOf(options.env),
    now: () => new Date(),
    findings,
  };
}

/** The run's page from the variables GitHub Actions sets, or null outside Actions. */
function runUrlOf(env: Record<string, string | undefined>): string | null {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: runId } = env;
  return server && repository && runId && /^\d+$/.test(runId) ? `${server}/${repository}/actions/runs/${runId}` : null;
}

/** Terraform's environment: the runner's, told it runs unattended and never to phone home; git's token is git's alone. */
function terraformEnv(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const { [GIT_TOKEN_VARIABLE]: _gitToken, ...rest } = env;
  return { ...rest, TF_IN_AUTOMATION: "1", TF_INPUT: "0", CHECKPOINT_DISABLE: env.CHECKPOINT_DISABLE ?? "1" };
}
