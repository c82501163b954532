import { listKeyedCheckRuns } from "../adapters/github/check-runs.js";
import type { GitHub, RepoRef } from "../adapters/github/github-client.js";
import { checkRunName, externalIdFor } from "../decisions/run-identity.js";
import { readProgress } from "../decisions/run-progress.js";
import { currentRun } from "../decisions/settle-delivery.js";
import type { Environment } from "../environment/derive-environment.js";
import type { SavedPlanRef } from "../spec/spec-schema.js";

/** What the app knows about the plan of one commit for one environment, from that plan's check run. */
export interface PlanRecord {
  sha: string;
  status: "success" | "failure" | "pending";
  /** The saved plan and its hash, once the plan succeeded. */
  savedPlan: SavedPlanRef | null;
}

/** The newest plan of `sha` for the environment, or null when it was never planned. */
export async function findPlanRecord(octokit: GitHub, repo: RepoRef, environment: Environment, sha: string): Promise<PlanRecord | null> {
  // Not simply the newest: a delivery that stood down for another's left a check run above it.
  const { runs } = await listKeyedCheckRuns(octokit, repo, sha, checkRunName(environment.githubEnvironment), externalIdFor(environment.slug, sha, "plan"));
  const run = currentRun(runs);
  if (!run) return null;
  const progress = readProgress(run.summary);
  if (progress?.stage !== "completed") return { sha, status: "pending", savedPlan: null };
  const succeeded = progress.outcome === "succeeded" && progress.savedPlan !== undefined;
  return { sha, status: succeeded ? "success" : "failure", savedPlan: succeeded ? (progress.savedPlan ?? null) : null };
}
