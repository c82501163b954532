import type { ContainerClient } from "@azure/storage-blob";
import type { ArchiveOutcome } from "../adapters/azure/archive-state.js";
import type { Action, Spec } from "../spec/spec-schema.js";
import type { ExplainContext } from "./explain-failure.js";
import type { ErroredStateRecord, LockInfo, ResultChanges, ResultPlanSummary, SavedPlanRecord, SnapshotRecord } from "./result-schema.js";
import type { RetryPolicy } from "./retry-init.js";
import type { RunnerLog } from "./run-terraform.js";
import type { StepRecorder } from "./step-recorder.js";

/** What the actions learn as they go; it becomes the result. */
export interface RunFindings {
  terraformVersion: string | null;
  changes: ResultChanges | null;
  outputs: Record<string, unknown>;
  sensitiveOutputs: string[];
  /** The masked plan summary, when the run planned. */
  plan: ResultPlanSummary | null;
  /** For plan: the saved plan as stored beside the state. */
  savedPlan: SavedPlanRecord | null;
  erroredState: ErroredStateRecord | null;
  archive: ArchiveOutcome | null;
  /** The snapshot taken before the state changed. */
  snapshot: SnapshotRecord | null;
  lock: LockInfo | null;
  /** A line for the result's message when the action has something to say beyond its status. */
  note: string | null;
  /** Set when the spec's branch had moved on to `head` before Terraform started: nothing was run. */
  superseded: { head: string } | null;
}

/** Everything an action needs. Clients are made on demand so that plan never touches blob storage. */
export interface RunContext {
  spec: Spec;
  action: Action;
  /** The stack directory, absolute, inside the checkout. */
  stackDir: string;
  /** The out directory, absolute; it receives result.json, and plan.tfplan and plan.json for this job only. */
  outDir: string;
  /** Terraform's `-lock-timeout`, e.g. `2m`. */
  lockTimeout: string;
  steps: StepRecorder;
  log: RunnerLog;
  retry: RetryPolicy;
  stateContainer(): Promise<ContainerClient>;
  /** The workflow run's page, inside GitHub Actions; null on a laptop. */
  runUrl: string | null;
  now(): Date;
  findings: RunFindings;
}

/** Findings before anything ran. */
export function emptyFindings(): RunFindings {
  return {
    terraformVersion: null,
    changes: null,
    outputs: {},
    sensitiveOutputs: [],
    plan: null,
    savedPlan: null,
    erroredState: null,
    archive: null,
    snapshot: null,
    lock: null,
    note: null,
    superseded: null,
  };
}

/** What explanations of failures in this run may mention. */
export function explainContextOf(ctx: Pick<RunContext, "spec" | "action" | "lockTimeout">): ExplainContext {
  const { backend } = ctx.spec.terraform;
  return {
    action: ctx.action,
    branch: ctx.spec.branch,
    stateKey: backend.key,
    storageAccount: backend.storage_account_name,
    container: backend.container_name,
    lockTimeout: ctx.lockTimeout,
  };
}
