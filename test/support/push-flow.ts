import type { AppTest } from "./app-test.js";
import { rawTestConfig } from "./test-config.js";

/**
 * Declares the calls a push to an environment branch makes before its dispatch: the token, the
 * config, the branches with their heads, the run's check run (and the listing of its key after
 * it), and, unless `deployment: false`, the deployment. Where the last deployment's
 * state decides the action (app-only changes), `lastDeployment: true` adds those two reads.
 */
export function expectPushUntilDispatch(
  t: AppTest,
  options: { config?: Record<string, unknown>; branches?: string[]; deployment?: boolean; lastDeployment?: boolean } = {},
) {
  t.gh.installationToken();
  t.fake.expectConfig(options.config ?? rawTestConfig());
  t.fake.expectBranches(options.branches ?? ["env-alice"]);
  if (options.lastDeployment) {
    t.fake.expectDeploymentList();
    t.fake.expectDeploymentStatusList();
  }
  const create = t.fake.expectStartRun();
  const deployment = options.deployment === false ? undefined : t.fake.expectDeploymentCreate();
  return { create, deployment };
}
