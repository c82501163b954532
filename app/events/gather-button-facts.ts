import type { Context } from "probot";
import { loadConfig } from "../adapters/github/load-config.js";
import type { RepoConfig } from "../config/parse-config.js";
import { checkRunName } from "../decisions/run-identity.js";
import { deriveEnvironment, type Environment, type Repository } from "../environment/derive-environment.js";

/**
 * What a press of a check run's button needs: the config, the environment whose check run was
 * pressed (null when the config is unusable or the check run is not that environment's), and the
 * branch's current head, which decides staleness: a push after the plan voids its button.
 */
export async function gatherButtonFacts(
  context: Pick<Context, "config" | "octokit">,
  repository: Repository,
  branch: string,
  checkRunNamePressed: string,
): Promise<{ config: RepoConfig; environment: Environment; head: string | null } | null> {
  const repo = { owner: repository.owner, repo: repository.name };
  const loaded = await loadConfig(context, repo);
  if (loaded.status !== "ok") return null;
  const derived = deriveEnvironment(branch, loaded.config, repository);
  if (!derived.ok || checkRunNamePressed !== checkRunName(derived.environment.githubEnvironment)) return null;
  const head = await context.octokit.rest.repos.getBranch({ ...repo, branch }).then(
    (r) => r.data.commit.sha,
    () => null,
  );
  return { config: loaded.config, environment: derived.environment, head };
}
