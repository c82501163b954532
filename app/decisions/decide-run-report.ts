import type { RunProgress } from "./run-progress.js";
import type { RunMatch } from "./match-workflow-run.js";
import type { RunResult } from "../runner/result-schema.js";
import { savedPlanKey } from "../spec/saved-plan-keys.js";
import type { SavedPlanRef } from "../spec/spec-schema.js";
import type { FinishedRun } from "../templates/result-report.js";

/** What the app read about a finished run: GitHub's view of it, its check run's record, and its result file. */
export interface RunReportFacts {
  match: Extract<RunMatch, { ok: true }>;
  run: { id: number; url: string; conclusion: string | null };
  environment: string;
  sha: string;
  progress: RunProgress;
  /** The environment's state key, from which the saved plan's key is derived. */
  stateKey: string;
  result: RunResult | null;
  problem?: string;
}

/**
 * The finished run as the reports show it, and the progress record that completes its check run.
 * The saved plan a successful plan reports is kept only when it is this environment's and this run's
 * own: the key expected is derived here, not taken from the result, so a result cannot point an
 * approval at another environment's or another run's plan.
 */
export function decideRunReport(facts: RunReportFacts): { finished: FinishedRun; completed: RunProgress } {
  const { match, result, progress } = facts;
  const succeededPlan = match.action === "plan" && result?.status === "succeeded";
  const finished: FinishedRun = {
    action: match.action,
    environment: facts.environment,
    sha: facts.sha,
    runUrl: facts.run.url,
    conclusion: facts.run.conclusion,
    result,
    ...(facts.problem ? { problem: facts.problem } : {}),
    plan: result?.plan ?? null,
    offerApply: succeededPlan && progress.offerApply === true && (result.changes?.hasChanges ?? false),
  };
  const savedPlan = succeededPlan ? ownSavedPlan(result, facts.stateKey, match.correlationId) : null;
  const completed: RunProgress = { ...progress, stage: "completed", runId: facts.run.id, outcome: result?.status ?? "no-result", ...(savedPlan ? { savedPlan } : {}) };
  return { finished, completed };
}

function ownSavedPlan(result: RunResult, stateKey: string, correlationId: string): SavedPlanRef | null {
  if (!result.savedPlan) return null;
  return result.savedPlan.key === savedPlanKey(stateKey, correlationId) ? { key: result.savedPlan.key, sha256: result.savedPlan.sha256 } : null;
}
