import type { Context } from "probot";
import { checkRunName, CONFIG_CHECK_RUN, externalIds, SETUP_CHECK_RUN } from "../decisions/run-identity.js";
import { findLatestDeployment, latestDeploymentState } from "../adapters/github/deployments.js";
import { listBranchesWithPrefix } from "../adapters/github/list-branches.js";
import { CONFIG_PATH, loadConfig } from "../adapters/github/load-config.js";
import { decidePushAction, settleDeploy } from "../decisions/decide-push-action.js";
import { decideSlugOwner, findRivals } from "../decisions/slug-owner.js";
import { deriveEnvironment, isEnvironmentBranch } from "../environment/derive-environment.js";
import { SLUG_MAX_LENGTH } from "../environment/slug.js";
import { eventLog } from "../logging/event-log.js";
import { readPushPayload } from "../webhooks/push-payload.js";
import { createCheckRun } from "../adapters/github/check-runs.js";
import { invalidConfigCheckRun, missingConfigCheckRun } from "../templates/config-check-runs.js";
import { namingRules, refusedBranchCheckRun, slugTakenCheckRun } from "../templates/branch-check-runs.js";
import { reportErrors } from "./report-errors.js";
import { describe } from "../errors/describe-error.js";
import { followUpFailures } from "../runs/follow-up-failures.js";
import { startRun } from "../runs/start-run.js";

const DEFAULT_PREFIX = "env-";

/**
 * A push to a branch: for an environment branch, load the config, derive the environment, decide
 * the action and start the run. Tags, deletions and other branches are ignored.
 */
export async function handlePush(context: Context<"push">): Promise<void> {
  const read = readPushPayload(context.payload);
  if (!read.ok) {
    eventLog(context, "(unknown)").warn(`push payload not usable, ignored: ${read.reason}`);
    return;
  }
  const payload = read.push;
  const owner = payload.repository.owner.login;
  const repository = { owner, name: payload.repository.name };
  const repo = { owner: repository.owner, repo: repository.name };
  const log = eventLog(context, payload.repository.full_name);
  const branch = branchOf(payload.ref);
  if (branch === null || payload.deleted || !/^[0-9a-f]{40}$/.test(payload.after)) return;
  const sha = payload.after;

  await reportErrors(log, async (setTarget) => {
    const setupTarget = (name: string) => setTarget({ octokit: context.octokit, repo, sha, name, externalId: externalIds.setup(sha) });
    setupTarget(SETUP_CHECK_RUN);
    const loaded = await loadConfig(context, repo);
    if (loaded.status !== "ok") {
      // Without a valid config only the default prefix can say whether this is an environment branch.
      if (!branch.startsWith(DEFAULT_PREFIX)) return;
      const content = loaded.status === "missing" ? missingConfigCheckRun(CONFIG_PATH) : invalidConfigCheckRun(CONFIG_PATH, loaded.problems);
      log.warn({ branch }, loaded.status === "missing" ? "no config; nothing dispatched" : "invalid config; nothing dispatched");
      await createCheckRun(context.octokit, repo, sha, CONFIG_CHECK_RUN, externalIds.config(sha), content);
      return;
    }
    const { config } = loaded;
    if (!isEnvironmentBranch(branch, config)) return;

    const derived = deriveEnvironment(branch, config, repository);
    if (!derived.ok) {
      log.warn({ branch, reason: derived.reason }, "branch refused; nothing dispatched");
      const content = refusedBranchCheckRun(derived.reason, derived.suggestion, namingRules(config.branchPrefix, SLUG_MAX_LENGTH));
      await createCheckRun(context.octokit, repo, sha, checkRunName(branch.slice(0, 80)), externalIds.refused(sha), content);
      return;
    }
    const environment = derived.environment;
    const envLog = eventLog(context, payload.repository.full_name, environment.githubEnvironment);
    setupTarget(checkRunName(environment.githubEnvironment));

    const liveBranches = await listBranchesWithPrefix(context.octokit, repo, config.branchPrefix);
    const head = liveBranches.find((b) => b.name === branch)?.sha;
    if (head !== sha) {
      // Deliveries can arrive out of order: only the branch's newest commit is ever dispatched, so an
      // older one can never replace the newer one's pending run in the workflow's concurrency group.
      envLog.info({ head: head ?? null }, "superseded: the branch has moved on (or is gone); nothing dispatched");
      return;
    }
    const rivals = findRivals(branch, config.branchPrefix, environment.slug, liveBranches.map((b) => b.name));
    const deployedBranch = rivals.length > 0 ? await deployedBranchOf(context, repo, environment.githubEnvironment) : null;
    const ownership = decideSlugOwner(branch, rivals, deployedBranch);
    if (!ownership.ok) {
      envLog.warn({ branch, owner: ownership.owner }, "slug taken by another branch; nothing dispatched");
      const content = slugTakenCheckRun(branch, ownership.owner, environment.slug);
      await createCheckRun(context.octokit, repo, sha, checkRunName(environment.githubEnvironment), externalIds.collision(sha), content);
      return;
    }

    const wanted = decidePushAction({ created: payload.created, forced: payload.forced, commits: payload.commits }, config.terraform.paths, environment.policy);
    const action = wanted === "deploy" ? settleDeploy(wanted, environment.policy, await lastDeploymentState(context, repo, environment.githubEnvironment)) : wanted;
    if (action !== wanted) envLog.info({ wanted, action }, "the environment's last deployment has not settled; running Terraform too");
    const offerApply = action === "plan";
    const author = payload.sender.login;
    const outcome = await startRun({ octokit: context.octokit, log: envLog, repository, config, environment, action, sha, dispatchRef: branch, offerApply, author, push: { before: payload.before } });
    // The run is dispatched and its check run says so; only the queue-order check is left undone.
    for (const error of followUpFailures(outcome)) envLog.error({ err: error }, `${describe(error)}; a push to the branch checks again`);
  });
}

async function lastDeploymentState(context: Context<"push">, repo: { owner: string; repo: string }, environment: string): Promise<string | null> {
  const latest = await findLatestDeployment(context.octokit, repo, environment);
  return latest ? latestDeploymentState(context.octokit, repo, latest.id) : null;
}

async function deployedBranchOf(context: Context<"push">, repo: { owner: string; repo: string }, environment: string): Promise<string | null> {
  return (await findLatestDeployment(context.octokit, repo, environment))?.branch ?? null;
}

function branchOf(ref: string): string | null {
  return ref.startsWith("refs/heads/") ? ref.slice("refs/heads/".length) : null;
}
