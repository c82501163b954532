import { loadExample, type WebhookPayload } from "../../../support/github/webhooks.js";
import type { FakeState } from "../fake-state.js";
import { retarget } from "../rest-objects.js";
import { eventContext } from "./payload-context.js";

/**
 * A user presses one of a check run's buttons: returns the `check_run` requested_action payload.
 * The button must be one the app put on the run (`actions[].identifier`), or GitHub could not
 * have sent it, so anything else throws.
 */
export function pressCheckRunButton(state: FakeState, repoName: string, checkRunId: number, identifier: string, login: string): WebhookPayload<"check_run"> {
  const repo = state.repo(repoName);
  const run = repo.checkRuns.find((r) => r.id === checkRunId);
  if (run === undefined) throw new Error(`fake GitHub: ${repoName} has no check run ${checkRunId}`);
  const offered = (Array.isArray(run.actions) ? run.actions : []).map((a) => (a as { identifier?: string }).identifier);
  if (!offered.includes(identifier)) throw new Error(`fake GitHub: check run ${checkRunId} has no button "${identifier}" (it has: ${offered.join(", ") || "none"})`);
  const example = loadExample("check_run", (p) => p.action === "requested_action");
  const exampleSuite = retarget(example.check_run.check_suite, state.urls) as unknown as Record<string, unknown>;
  const branch = [...repo.branches.entries()].find(([, sha]) => sha === run.head_sha)?.[0] ?? null;
  const checkSuite = {
    ...exampleSuite,
    id: (run.check_suite as { id: number }).id,
    head_branch: branch,
    head_sha: run.head_sha,
    status: run.status,
    conclusion: run.conclusion,
    url: `${state.urls.api}/repos/${repo.fullName}/check-suites/${(run.check_suite as { id: number }).id}`,
    pull_requests: run.pull_requests,
    app: run.app,
  };
  return {
    ...example,
    ...eventContext(state, repo, example, login),
    action: "requested_action",
    check_run: { ...retarget(example.check_run, state.urls), ...structuredClone(run), check_suite: checkSuite },
    requested_action: { identifier },
  } as WebhookPayload<"check_run">;
}
