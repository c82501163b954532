import type { Context } from "probot";
import { createCheckRun } from "../adapters/github/check-runs.js";
import { CONFIG_PATH } from "../adapters/github/load-config.js";
import { SETUP_BRANCH } from "../decisions/decide-onboarding.js";
import { decidePush, type PushEvent } from "../decisions/decide-push.js";
import { checkRunName, externalIds, SETUP_CHECK_RUN } from "../decisions/run-identity.js";
import { progressMarker } from "../decisions/run-progress.js";
import { describe } from "../errors/describe-error.js";
import { eventLog, type Log } from "../logging/event-log.js";
import { followUpFailures } from "../runs/follow-up-failures.js";
import { startRun } from "../runs/start-run.js";
import { readPushPayload } from "../webhooks/push-payload.js";
import type { SetTarget } from "./report-errors.js";
import { followSetupConfig } from "./follow-setup-config.js";
import { gatherPushFacts } from "./gather-push-facts.js";

/**
 * A push to a branch: gather what GitHub says about it, decide (decidePush), then carry the one
 * effect out: nothing, a check run saying why nothing runs, or the run. Tags, deletions and
 * commits that are not a branch's are ignored; the onboarding branch's pushes go to followSetupConfig.
 */
export async function handlePush(context: Context<"push">, setTarget: SetTarget): Promise<void> {
  const read = readPushPayload(context.payload);
  if (!read.ok) return eventLog(context, "(unknown)").warn(`push payload not usable, ignored: ${read.reason}`);
  const payload = read.push;
  const branch = payload.ref.startsWith("refs/heads/") ? payload.ref.slice("refs/heads/".length) : null;
  if (branch === null || payload.deleted || !/^[0-9a-f]{40}$/.test(payload.after)) return;
  if (branch === SETUP_BRANCH) return followSetupConfig(context, payload);
  const push: PushEvent = { ...payload, branch, sha: payload.after, sender: payload.sender.login, configPath: CONFIG_PATH };
  const repository = { owner: payload.repository.owner.login, name: payload.repository.name };
  const repo = { owner: repository.owner, repo: repository.name };
  const logFor = (environment?: string): Log => eventLog(context, payload.repository.full_name, environment);
  // Stopped before its run's check run exists, the push is on record here, so Retry can handle it again.
  const marker = progressMarker({ stage: "created", branch, before: push.before, author: push.sender });
  const target = (name: string) => ({ octokit: context.octokit, repo, sha: push.sha, name, externalId: externalIds.setup(push.sha), retry: true, marker });

  setTarget(target(SETUP_CHECK_RUN));
  const facts = await gatherPushFacts(context, repository, push, (env) => setTarget(target(checkRunName(env.githubEnvironment))));
  const effect = decidePush(push, facts);
  if (effect.log) logFor(effect.log.environment)[effect.log.level](effect.log.fields, effect.log.message);
  if (effect.kind === "check-run") await createCheckRun(context.octokit, repo, push.sha, effect.name, effect.externalId, effect.content);
  if (effect.kind !== "start") return;
  const log = logFor(effect.environment.githubEnvironment);
  const request = { octokit: context.octokit, log, repository, config: effect.config, environment: effect.environment, action: effect.action, sha: push.sha, dispatchRef: branch };
  const outcome = await startRun({ ...request, offerApply: effect.action === "plan", author: push.sender, push: { before: push.before } });
  // The run is dispatched and its check run says so; only the queue-order check is left undone.
  for (const error of followUpFailures(outcome)) log.error({ err: error }, `${describe(error)}; a push to the branch checks again`);
}
