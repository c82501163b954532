import type { CommitCheckRun } from "../../../app/adapters/github/check-runs.js";
import type { Action } from "../../../app/spec/spec-schema.js";
import { checkRunName, externalIdFor } from "../../../app/decisions/run-identity.js";
import { progressMarker, type RunProgress } from "../../../app/decisions/run-progress.js";
import type { EnvironmentFacts, LiveEnvironment } from "../../../app/decisions/environments-model.js";

/** A commit sha made of one repeated hex digit. */
export const sha = (digit: string) => digit.repeat(40);

/** A live environment branch `env-<slug>` at `head`. */
export function liveEnv(slug: string, head: string): LiveEnvironment {
  return { branch: `env-${slug}`, slug, githubEnvironment: `env-${slug}`, head };
}

/** One of this app's check runs of environment `env-<slug>` on `commit`, keyed for `action`. */
export function runOf(slug: string, commit: string, action: Action, over: Partial<CommitCheckRun> & { progress?: RunProgress } = {}): CommitCheckRun {
  const { progress, ...rest } = over;
  return {
    id: 1,
    name: checkRunName(`env-${slug}`),
    externalId: externalIdFor(slug, commit, action),
    status: "completed",
    conclusion: "success",
    title: "",
    summary: progressMarker(progress ?? { stage: "completed", author: "alice" }),
    htmlUrl: `https://github.com/o/r/runs/${slug}`,
    startedAt: "2026-11-22T09:00:00Z",
    completedAt: "2026-11-22T09:05:00Z",
    ...rest,
  };
}

/** Facts with nothing in them but what `over` gives. */
export function facts(over: Partial<EnvironmentFacts> = {}): EnvironmentFacts {
  return { branchPrefix: "env-", live: [], deployments: [], checkRuns: {}, pullRequests: [], ...over };
}
