import { ProbotOctokit } from "probot";
import { describe, expect, it, vi } from "vitest";
import type { GitHub } from "../../app/adapters/github/github-client.js";
import { ownAppId } from "../../app/adapters/github/own-app-id.js";
import { TEST_APP_ID, testAppKey } from "../support/github/test-app-key.js";

// The app's id is read from the credentials the client signs with: no request, so no GitHub mock.
describe("ownAppId", () => {
  it("reads the app id from the client's app credentials, signing once however often it is asked", async () => {
    const octokit = new ProbotOctokit({ auth: { appId: TEST_APP_ID, privateKey: testAppKey().privateKey } }) as unknown as GitHub;
    const auth = vi.spyOn(octokit, "auth");
    expect(await Promise.all([ownAppId(octokit), ownAppId(octokit)])).toEqual([TEST_APP_ID, TEST_APP_ID]);
    expect(await ownAppId(octokit)).toBe(TEST_APP_ID);
    expect(auth).toHaveBeenCalledTimes(1);
  });

  it("refuses a client that is not authenticated as an app, whose own writes it could not tell apart", async () => {
    const octokit = new ProbotOctokit({ auth: { token: "ghs_installation" } }) as unknown as GitHub;
    await expect(ownAppId(octokit)).rejects.toThrow("the GitHub client is not authenticated as a GitHub App, so its own writes cannot be told from others'");
  });
});
