import type { Probot } from "probot";
import { stringify } from "yaml";
import type { GitHub } from "../../../app/adapters/github/github-client.js";
import { checkRunName, externalIdFor } from "../../../app/decisions/run-identity.js";
import { progressMarker } from "../../../app/decisions/run-progress.js";
import { rawTestConfig } from "../../support/test-config.js";
import { fakeSha } from "../fake-github/driver/repo-driver.js";
import type { FakeGitHub } from "../fake-github/fake-github.js";

/** The config every seeded repository has on its default branch. */
export const SEEDED_CONFIG = stringify(rawTestConfig());

/** How a seeded environment ended up, as envbranch's own writes would leave it. */
export type Seeded = "applied" | "plan-waiting" | "destroyed";

/**
 * Writes, through the app's installation token, what envbranch leaves on GitHub for an environment:
 * the branch pushed, its deployment and status (success with a URL; then inactive once destroyed,
 * with the branch deleted), and the check run of the push's run (an apply, or a plan that waits for
 * approval, with its counts in the title). The page then reads these as it reads any repository.
 */
export async function seedEnvironment(fake: FakeGitHub, probot: Probot, fullName: string, branch: string, outcome: Seeded, pusher: string): Promise<{ sha: string; url: string }> {
  const [owner, repo] = fullName.split("/") as [string, string];
  const octokit = (await probot.auth(fake.repo(fullName).installationId)) as GitHub;
  const sha = fakeSha(`${fullName}:${branch}`);
  const slug = branch.replace(/^env-/, "");
  const url = `https://${slug}.example.test/`;
  fake.pushBranch(fullName, branch, sha);
  const action = outcome === "plan-waiting" ? "plan" : "apply";
  const correlationId = `${slug}-${action}-1000-0123abcd`.toLowerCase().replace(/[^a-z0-9-]/g, "-");
  if (outcome !== "plan-waiting") {
    const deployment = await octokit.rest.repos.createDeployment({ owner, repo, ref: sha, environment: branch, payload: { branch, correlationId, action }, auto_merge: false, required_contexts: [], transient_environment: true, production_environment: false });
    const id = (deployment.data as { id: number }).id;
    await octokit.rest.repos.createDeploymentStatus({ owner, repo, deployment_id: id, state: "success", environment_url: url });
    if (outcome === "destroyed") await octokit.rest.repos.createDeploymentStatus({ owner, repo, deployment_id: id, state: "inactive" });
  }
  await octokit.rest.checks.create({
    owner,
    repo,
    head_sha: sha,
    name: checkRunName(branch),
    external_id: externalIdFor(slug, sha, action),
    status: "completed",
    conclusion: "success",
    output: {
      title: outcome === "plan-waiting" ? "Plan: 2 to add, 1 to change, 0 to destroy" : "Applied: 3 to add, 0 to change, 0 to destroy",
      summary: progressMarker({ stage: "completed", correlationId, author: pusher, ...(outcome === "plan-waiting" ? { offerApply: true } : {}) }),
    },
  });
  if (outcome === "destroyed") fake.deleteBranch(fullName, branch);
  return { sha, url };
}
