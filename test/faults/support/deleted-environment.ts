import type { MockGitHub } from "../../support/github/mock-github.js";
import type { RepoFake } from "../../support/repo-fake.js";
import { rawTestConfig } from "../../support/test-config.js";

/** The commit env-alice was last deployed at: what a deletion destroys. */
export const DEPLOYED = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";

/** env-alice as deployed from its branch, so deleting the branch tears it down. */
export function deployedAlice(fake: RepoFake): void {
  fake.deployments.push({ id: 1, sha: DEPLOYED, ref: DEPLOYED, environment: "env-alice", payload: { branch: "env-alice", correlationId: "c", action: "apply" } });
}

/**
 * The calls of the first delivery of env-alice's deletion when its workflow is missing (the dispatch
 * answers 404), so the app tears the environment down through Azure; `updates` check-run updates.
 */
export function expectDeleteWithMissingWorkflow(gh: MockGitHub, fake: RepoFake, updates: number): void {
  gh.installationToken();
  fake.expectConfig(rawTestConfig());
  fake.expectDeploymentList();
  fake.expectStartRun();
  fake.expectDispatch(() => ({ status: 404, body: { message: "Not Found" } }));
  fake.expectCheckRunUpdate(updates);
}

/**
 * The calls of a redelivery, to a new process, that resumes the teardown its check run records:
 * `updates` check-run updates of that run, and its own check run standing down.
 */
export function expectTeardownRedelivery(gh: MockGitHub, fake: RepoFake, updates: number): void {
  gh.installationToken();
  fake.expectConfig(rawTestConfig());
  fake.expectDeploymentList();
  fake.expectStartRun();
  fake.expectCheckRunUpdate(updates + 1);
}
